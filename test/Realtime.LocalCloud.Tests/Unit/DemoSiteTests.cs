using System.Net;
using Microsoft.AspNetCore.Builder;
using Realtime.LocalCloud.Demo;
using Realtime.LocalCloud.Hosting;
using Realtime.LocalCloud.Tests.Support;

namespace Realtime.LocalCloud.Tests.Unit;

/// <summary>The demo page's files: served from the web folder, MQTT.js from npm's bundle (never a CDN), the API URL in config.json.</summary>
public sealed class DemoSiteTests : IAsyncLifetime
{
    private static readonly string s_web = Path.Combine(RepositoryRoot.Path, "src", "Realtime.LocalCloud", "web");
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private LoopbackServer _server = null!;

    public async Task InitializeAsync()
    {
        var site = new DemoSite(s_web, new Uri("http://127.0.0.1:3999/"));
        _server = await LoopbackServer.StartAsync(0, app => app.Run(site.HandleAsync), CancellationToken.None);
        _http.BaseAddress = new Uri($"http://127.0.0.1:{_server.Port}/");
    }

    [Fact]
    public async Task Config_CarriesTheApiUrl() =>
        Assert.Equal("{\"apiUrl\":\"http://127.0.0.1:3999/\"}", await _http.GetStringAsync("config.json"));

    [Fact]
    public async Task MqttJs_IsServedFromTheNpmBundle()
    {
        using HttpResponseMessage response = await _http.GetAsync("vendor/mqtt.min.js");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/javascript", response.Content.Headers.ContentType?.ToString(), StringComparison.Ordinal);
        Assert.Equal(new FileInfo(Path.Combine(s_web, "node_modules", "mqtt", "dist", "mqtt.min.js")).Length, (await response.Content.ReadAsByteArrayAsync()).Length);
    }

    [Fact]
    public async Task Page_LoadsScriptsOnlyFromItsOwnOrigin()
    {
        string html = await _http.GetStringAsync("/");
        Assert.Contains("<script src=\"vendor/mqtt.min.js\"></script>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("src=\"http", html, StringComparison.Ordinal);
        Assert.DoesNotContain("src=\"//", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/../serverless.template")]
    [InlineData("/package.json")]
    [InlineData("/node_modules/mqtt/package.json")]
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
