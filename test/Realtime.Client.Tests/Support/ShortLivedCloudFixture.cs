using System.Collections.Concurrent;
using System.Globalization;
using Realtime.LocalCloud.Hosting;
using Realtime.TestSupport;

namespace Realtime.Client.Tests.Support;

/// <summary>
/// The whole local cloud in-process on free loopback ports (as test/Realtime.LocalCloud.Tests starts it), with short
/// lifetimes so a test can outlive them: presigned URLs for <see cref="UrlSeconds"/> s (URL_EXPIRY_SECONDS), STS
/// credentials for <see cref="CredentialSeconds"/> s (--credential-seconds), responders idle out after <see cref="IdleSeconds"/> s,
/// and a killed responder's lease blocks its channel for at most <see cref="LeaseSeconds"/> s (ResponderLeaseSeconds).
/// </summary>
public sealed class ShortLivedCloudFixture : IAsyncLifetime
{
    public const int IdleSeconds = 5;
    public const int UrlSeconds = 10;
    public const int CredentialSeconds = 30;
    public const int LeaseSeconds = 6;

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
            Parameters = new Dictionary<string, string>
            {
                ["SessionIdleSeconds"] = IdleSeconds.ToString(CultureInfo.InvariantCulture),
                ["ResponderLeaseSeconds"] = LeaseSeconds.ToString(CultureInfo.InvariantCulture),
            },
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

    /// <summary>SIGKILLs every responder process (execution environment) the local cloud runs now, as an out-of-memory kill would.</summary>
    public int KillResponders()
    {
        int killed = 0;
        foreach (int pid in Host.Lambda.Pool("ResponderFunction").ProcessIds())
        {
            try
            {
                using var process = System.Diagnostics.Process.GetProcessById(pid);
                process.Kill(); // SIGKILL: the responder says nothing and releases nothing
                killed++;
            }
            catch (ArgumentException)
            {
                // Ended by itself meanwhile.
            }
        }

        return killed;
    }

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
