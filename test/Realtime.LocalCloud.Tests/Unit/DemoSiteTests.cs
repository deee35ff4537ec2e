using System.Net;
using Realtime.LocalCloud.Tests.Support;

namespace Realtime.LocalCloud.Tests.Unit;

/// <summary>The demo page's files: served from the web folder, MQTT.js from npm's bundle (never a CDN), the API URL in config.json.</summary>
public sealed class DemoSiteTests : IAsyncLifetime
{
    private DemoSiteServer _site = null!;

    private HttpClient Http => _site.Http;

    public async Task InitializeAsync() => _site = await DemoSiteServer.StartAsync();

    [Fact]
    public async Task Config_CarriesTheApiUrl() =>
        Assert.Equal("{\"apiUrl\":\"http://127.0.0.1:3999/\"}", await Http.GetStringAsync("config.json"));

    [Fact]
    public async Task MqttJs_IsServedFromTheNpmBundle()
    {
        using HttpResponseMessage response = await Http.GetAsync("vendor/mqtt.min.js");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/javascript", response.Content.Headers.ContentType?.ToString(), StringComparison.Ordinal);
        Assert.Equal(new FileInfo(Path.Combine(DemoSiteServer.WebFolder, "node_modules", "mqtt", "dist", "mqtt.min.js")).Length, (await response.Content.ReadAsByteArrayAsync()).Length);
    }

    [Fact]
    public async Task Page_LoadsScriptsOnlyFromItsOwnOrigin()
    {
        string html = await Http.GetStringAsync("/");
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
        using HttpResponseMessage response = await Http.GetAsync(path);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    public async Task DisposeAsync() => await _site.DisposeAsync();
}
