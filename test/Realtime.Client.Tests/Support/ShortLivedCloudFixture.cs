using System.Collections.Concurrent;
using System.Globalization;
using Realtime.LocalCloud.Hosting;

namespace Realtime.Client.Tests.Support;

/// <summary>
/// The whole local cloud in-process on free loopback ports (as test/Realtime.LocalCloud.Tests starts it), with short
/// lifetimes so a test can outlive them: presigned URLs for <see cref="UrlSeconds"/> s (URL_EXPIRY_SECONDS), STS
/// credentials for <see cref="CredentialSeconds"/> s (--credential-seconds), responders idle out after <see cref="IdleSeconds"/> s.
/// </summary>
public sealed class ShortLivedCloudFixture : IAsyncLifetime
{
    public const int IdleSeconds = 5;
    public const int UrlSeconds = 10;
    public const int CredentialSeconds = 30;

    private readonly ConcurrentQueue<string> _lines = new();

    internal LocalCloudHost Host { get; private set; } = null!;

    public Uri SessionUrl => Host.ApiUrl;

    public int IotPort => Host.IotUrl.Port;

    public IReadOnlyCollection<string> LogLines => _lines;

    public async Task InitializeAsync()
    {
        var log = new LocalLog(console: false);
        log.Line += _lines.Enqueue;
        Host = await LocalCloudHost.StartAsync(new LocalCloudOptions
        {
            Root = RepositoryRoot.Path,
            ApiPort = 0,
            DemoPort = 0,
            IotPort = 0,
            StsPort = 0,
            Parameters = new Dictionary<string, string> { ["SessionIdleSeconds"] = IdleSeconds.ToString(CultureInfo.InvariantCulture) },
            Environment = new Dictionary<string, string> { ["URL_EXPIRY_SECONDS"] = UrlSeconds.ToString(CultureInfo.InvariantCulture) },
            CredentialLifetime = TimeSpan.FromSeconds(CredentialSeconds),
            WebRoot = Path.Combine(RepositoryRoot.Path, "src", "Realtime.LocalCloud", "web"),
            LogToConsole = false,
        }, log);
    }

    /// <summary>Client options for tests: quick reconnects, renewal well before the 30 s credentials expire.</summary>
    public static ChannelClientOptions Options() => new()
    {
        ReadyTimeout = TimeSpan.FromSeconds(30), // a cold responder on a loaded 2-core machine
        RequestTimeout = TimeSpan.FromSeconds(60),
        RenewBefore = TimeSpan.FromSeconds(10),
        InitialReconnectDelay = TimeSpan.FromMilliseconds(200),
        MaxReconnectDelay = TimeSpan.FromSeconds(2),
    };

    /// <summary>Log lines that mention <paramref name="text"/>.</summary>
    public IReadOnlyList<string> Lines(string text) => _lines.Where(l => l.Contains(text, StringComparison.Ordinal)).ToList();

    public async Task DisposeAsync()
    {
        if (Host is not null)
        {
            await Host.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ShortLivedCloudCollection : ICollectionFixture<ShortLivedCloudFixture>
{
    public const string Name = "short-lived local cloud";
}
