using Xunit;

namespace Realtime.TestSupport;

/// <summary>
/// One default <see cref="MosquittoBroker"/> shared by the tests of an xunit collection. xunit only finds collection
/// definitions in the test assembly itself, so each test project declares one:
/// <code>
/// [CollectionDefinition(MosquittoFixture.Collection)]
/// public sealed class MosquittoCollection : ICollectionFixture&lt;MosquittoFixture&gt;;
/// </code>
/// and marks its test classes <c>[Collection(MosquittoFixture.Collection)]</c> with a constructor taking the fixture.
/// </summary>
public sealed class MosquittoFixture : IAsyncLifetime
{
    /// <summary>The conventional collection name.</summary>
    public const string Collection = "Mosquitto";

    private MosquittoBroker? _broker;

    /// <summary>The running broker.</summary>
    public MosquittoBroker Broker => _broker ?? throw new InvalidOperationException("The Mosquitto fixture has not started.");

    /// <summary>Starts the broker (bounded).</summary>
    public async Task InitializeAsync() => _broker = await MosquittoBroker.StartAsync().ConfigureAwait(false);

    /// <summary>Kills the broker.</summary>
    public async Task DisposeAsync()
    {
        if (_broker is not null)
        {
            await _broker.DisposeAsync().ConfigureAwait(false);
        }
    }
}
