using System.Net;
using Realtime.LocalCloud.Tests.Support;

namespace Realtime.LocalCloud.Tests.EndToEnd;

/// <summary>The HTTP API emulation in front of the real session function: routes, CORS, errors, warm starts.</summary>
[Collection(LocalCloudCollection.Name)]
public sealed class ApiGatewayTests(LocalCloudFixture cloud)
{
    [Fact]
    public async Task GetSession_WithAnOrigin_CarriesTheTemplatesCorsHeaders()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, cloud.Host.ApiUrl);
        request.Headers.Add("Origin", "http://example.test");
        using HttpResponseMessage response = await cloud.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("*", Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Preflight_IsAnsweredByTheGateway()
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, cloud.Host.ApiUrl);
        request.Headers.Add("Origin", "http://example.test");
        request.Headers.Add("Access-Control-Request-Method", "GET");
        using HttpResponseMessage response = await cloud.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("GET,POST", Assert.Single(response.Headers.GetValues("Access-Control-Allow-Methods"))); // POST: /renew
        Assert.Equal("600", Assert.Single(response.Headers.GetValues("Access-Control-Max-Age")));
    }

    [Fact]
    public async Task UnknownRoute_Gets404NotFoundLikeApiGateway()
    {
        using HttpResponseMessage response = await cloud.Http.GetAsync(new Uri(cloud.Host.ApiUrl, "/no/such/route"));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("{\"message\":\"Not Found\"}", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task SequentialSessions_ReuseOneWarmExecutionEnvironment()
    {
        await cloud.NewSessionAsync();
        int before = cloud.Host.Lambda.Pool("SessionFunction").ColdStarts;
        for (int i = 0; i < 3; i++)
        {
            await cloud.NewSessionAsync();
        }

        Assert.Equal(before, cloud.Host.Lambda.Pool("SessionFunction").ColdStarts);
    }

    [Fact]
    public async Task ConcurrentSessions_StartMoreEnvironmentsWhenAllAreBusy()
    {
        SessionInfo[] sessions = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => cloud.NewSessionAsync()));
        Assert.Equal(4, sessions.Select(s => s.ChannelId).Distinct().Count());
        Assert.True(cloud.Host.Lambda.Pool("SessionFunction").ColdStarts >= 1);
    }
}
