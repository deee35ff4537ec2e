namespace ResponderBench;

/// <summary>
/// The broker's two-hop floor: client → broker → relay client → broker → client, all in this process, with a load
/// generator on the relay's channel. What any responder adds its own work to.
/// </summary>
internal sealed class FloorRelay : IAsyncDisposable
{
    private readonly BenchClient _relay;

    private FloorRelay(BenchClient relay, LoadGenerator generator)
    {
        _relay = relay;
        Generator = generator;
    }

    /// <summary>The load generator whose requests the relay answers.</summary>
    public LoadGenerator Generator { get; }

    /// <summary>Connects the relay (each PUBLISH as two WebSocket frames when <paramref name="fragmentPackets"/>) and its generator.</summary>
    public static async Task<FloorRelay> StartAsync(Uri endpoint, string channel, CancellationToken cancellationToken, bool fragmentPackets = false)
    {
        string response = $"foobar/{channel}/response";
        byte[] pong = """{"type":"pong"}"""u8.ToArray();
        BenchClient? relay = null;
        relay = await BenchClient.ConnectAsync(endpoint, $"relay-{channel}", (_, _) =>
        {
            relay!.Publish(response, pong);
            return Task.CompletedTask;
        }, cancellationToken, fragmentPackets: fragmentPackets);
        try
        {
            await relay.SubscribeAsync($"foobar/{channel}/request", cancellationToken);
            return new FloorRelay(relay, await LoadGenerator.ConnectAsync(endpoint, channel, cancellationToken));
        }
        catch
        {
            await relay.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Generator.DisposeAsync();
        await _relay.DisposeAsync();
    }
}
