using Microsoft.AspNetCore.Builder;
using Realtime.LocalCloud.Demo;
using Realtime.LocalCloud.Hosting;
using Realtime.TestSupport;

namespace Realtime.LocalCloud.Tests.Support;

/// <summary>The demo site alone on a free loopback port (its config names <see cref="ApiUrl"/>), with a client for it.</summary>
internal sealed class DemoSiteServer : IAsyncDisposable
{
    /// <summary>The folder the site serves: src/Realtime.LocalCloud/web.</summary>
    public static readonly string WebFolder = Path.Combine(RepositoryRoot.Path, "src", "Realtime.LocalCloud", "web");

    /// <summary>The API URL the site's config.json names (nothing listens there).</summary>
    public static readonly Uri ApiUrl = new("http://127.0.0.1:3999/");

    private readonly LoopbackServer _server;

    private DemoSiteServer(LoopbackServer server)
    {
        _server = server;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{server.Port}/"), Timeout = TimeSpan.FromSeconds(10) };
    }

    /// <summary>A client whose base address is the site.</summary>
    public HttpClient Http { get; }

    public static async Task<DemoSiteServer> StartAsync()
    {
        var site = new DemoSite(WebFolder, ApiUrl);
        return new DemoSiteServer(await LoopbackServer.StartAsync(0, app => app.Run(site.HandleAsync), CancellationToken.None));
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _server.DisposeAsync();
    }
}
