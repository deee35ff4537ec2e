using System.Net;
using Realtime.LocalCloud.Tests.Support;
using Realtime.TestSupport;

namespace Realtime.LocalCloud.Tests.Unit;

/// <summary>The demo page gets the JS client's modules (clients/js/src) under /realtime/, and nothing else from there.</summary>
public sealed class DemoSiteClientTests : IAsyncLifetime
{
    private static readonly string s_client = Path.Combine(RepositoryRoot.Path, "clients", "js", "src");
    private DemoSiteServer _site = null!;

    private HttpClient Http => _site.Http;

    public async Task InitializeAsync() => _site = await DemoSiteServer.StartAsync();

    [Theory]
    [InlineData("index.js")]
    [InlineData("channel.js")]
    [InlineData("sigv4.js")]
    public async Task ClientModules_AreServedAsJavaScript(string file)
    {
        using HttpResponseMessage response = await Http.GetAsync($"realtime/{file}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/javascript", response.Content.Headers.ContentType?.ToString(), StringComparison.Ordinal);
        Assert.Equal(await File.ReadAllTextAsync(Path.Combine(s_client, file)), await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Page_ImportsTheClient_AndKeepsNoProtocolCode()
    {
        string app = await Http.GetStringAsync("app.js");
        Assert.Contains("from './realtime/index.js'", app, StringComparison.Ordinal);
        // The protocol's wire details live in the client only.
        foreach (string protocol in new[] { "mqtt.connect", "topics.session", "topics.request", "topics.response", "type: 'bye'" })
        {
            Assert.DoesNotContain(protocol, app, StringComparison.Ordinal);
        }

        Assert.Contains("<script type=\"module\" src=\"app.js\"></script>", await Http.GetStringAsync("/"), StringComparison.Ordinal);
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
        using HttpResponseMessage response = await Http.GetAsync(path);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    public async Task DisposeAsync() => await _site.DisposeAsync();
}
