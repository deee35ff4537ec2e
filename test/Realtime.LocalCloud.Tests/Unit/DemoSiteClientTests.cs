using System.Net;
using Microsoft.AspNetCore.Builder;
using Realtime.LocalCloud.Demo;
using Realtime.LocalCloud.Hosting;
using Realtime.LocalCloud.Tests.Support;

namespace Realtime.LocalCloud.Tests.Unit;

/// <summary>The demo page gets the JS client's modules (clients/js/src) under /realtime/, and nothing else from there.</summary>
public sealed class DemoSiteClientTests : IAsyncLifetime
{
    private static readonly string s_client = Path.Combine(RepositoryRoot.Path, "clients", "js", "src");
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private LoopbackServer _server = null!;

    public async Task InitializeAsync()
    {
        var site = new DemoSite(Path.Combine(RepositoryRoot.Path, "src", "Realtime.LocalCloud", "web"), new Uri("http://127.0.0.1:3999/"));
        _server = await LoopbackServer.StartAsync(0, app => app.Run(site.HandleAsync), CancellationToken.None);
        _http.BaseAddress = new Uri($"http://127.0.0.1:{_server.Port}/");
    }

    [Theory]
    [InlineData("index.js")]
    [InlineData("channel.js")]
    [InlineData("sigv4.js")]
    public async Task ClientModules_AreServedAsJavaScript(string file)
    {
        using HttpResponseMessage response = await _http.GetAsync($"realtime/{file}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/javascript", response.Content.Headers.ContentType?.ToString(), StringComparison.Ordinal);
        Assert.Equal(await File.ReadAllTextAsync(Path.Combine(s_client, file)), await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Page_ImportsTheClient_AndKeepsNoProtocolCode()
    {
        string app = await _http.GetStringAsync("app.js");
        Assert.Contains("from './realtime/index.js'", app, StringComparison.Ordinal);
        // The protocol's wire details live in the client only.
        foreach (string protocol in new[] { "mqtt.connect", "topics.session", "topics.request", "topics.response", "type: 'bye'" })
        {
            Assert.DoesNotContain(protocol, app, StringComparison.Ordinal);
        }

        Assert.Contains("<script type=\"module\" src=\"app.js\"></script>", await _http.GetStringAsync("/"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/realtime/index.d.ts")]
    [InlineData("/realtime/Index.js")]
    [InlineData("/realtime/.js")]
    [InlineData("/realtime/..%2Fpackage.js")]
    [InlineData("/realtime/../package.json")]
    [InlineData("/realtime/missing.js")]
    [InlineData("/requests.js")]
    public async Task AnythingElse_Is404(string path)
    {
        using HttpResponseMessage response = await _http.GetAsync(path);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }
}
