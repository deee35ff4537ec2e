using System.Collections.Concurrent;
using System.Globalization;
using Realtime.LocalCloud.Hosting;

namespace Realtime.LocalCloud.Tests.Support;

/// <summary>
/// The local cloud with short lifetimes, so a browser can keep a channel open past them: presigned URLs valid
/// <see cref="UrlSeconds"/> s (URL_EXPIRY_SECONDS), STS credentials <see cref="CredentialSeconds"/> s
/// (<see cref="LocalCloudOptions.CredentialLifetime"/>, --credential-seconds); the template's 30 s idle window.
/// </summary>
public sealed class ShortExpiryLocalCloudFixture : IAsyncLifetime
{
    public const int UrlSeconds = 10;
    public const int CredentialSeconds = 30;

    private readonly ConcurrentQueue<string> _lines = new();

    internal LocalCloudHost Host { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var log = new LocalLog(console: false);
        log.Line += _lines.Enqueue;
        Host = await LocalCloudHost.StartAsync(LocalCloudFixture.Options() with
        {
            Parameters = new Dictionary<string, string>(),
            Environment = new Dictionary<string, string> { ["URL_EXPIRY_SECONDS"] = UrlSeconds.ToString(CultureInfo.InvariantCulture) },
            CredentialLifetime = TimeSpan.FromSeconds(CredentialSeconds),
        }, log);
    }

    /// <summary>Log lines that contain <paramref name="text"/>.</summary>
    public IReadOnlyList<string> Lines(string text) => _lines.Where(l => l.Contains(text, StringComparison.Ordinal)).ToList();

    /// <summary>Function log lines at ERROR level or runtime crashes, which no test expects.</summary>
    public IReadOnlyList<string> ErrorLines() =>
        _lines.Where(l => l.Contains("\"level\":\"ERROR\"", StringComparison.Ordinal) || l.Contains("Runtime.ExitError", StringComparison.Ordinal)
                          || l.Contains("Unhandled exception", StringComparison.Ordinal)).ToList();

    public async Task DisposeAsync()
    {
        if (Host is not null)
        {
            await Host.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ShortExpiryLocalCloudCollection : ICollectionFixture<ShortExpiryLocalCloudFixture>
{
    public const string Name = "short-expiry local cloud";
}
