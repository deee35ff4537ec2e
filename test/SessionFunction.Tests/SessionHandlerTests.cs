using System.Text.Json;
using System.Text.RegularExpressions;
using Realtime.Lambda.Events;
using Realtime.TestSupport;
using SessionFunction.Credentials;
using SessionFunction.Sessions;
using SessionFunction.Tests.Support;

namespace SessionFunction.Tests;

public sealed partial class SessionHandlerTests
{
    private readonly HandlerHarness _harness = new(requestId: "req-1");

    [Fact]
    public async Task Get_HttpApiV2_Returns200WithTheSession()
    {
        var issuer = new FakeCredentialsIssuer();

        APIGatewayHttpApiV2ProxyResponse response = await _harness.InvokeAsync(HandlerHarness.Handler(issuer), GatewayEvents.HttpApiV2());

        Assert.Equal(200, response.StatusCode);
        AssertCommonHeaders(response, "*");
        Assert.Equal("application/json", response.Headers!["Content-Type"]);
        Assert.False(response.IsBase64Encoded);
        using JsonDocument body = JsonDocument.Parse(response.Body!);
        JsonElement root = body.RootElement;
        Assert.Equal(["endpointUrl", "channelId", "clientId", "expiresAt", "topics", "region", "credentials"], root.EnumerateObject().Select(p => p.Name));
        string channelId = root.GetProperty("channelId").GetString()!;
        Assert.Matches(IssuedChannelId(), channelId);
        Assert.Equal("client-" + channelId, root.GetProperty("clientId").GetString());
        Assert.Equal("2026-11-22T02:35:15Z", root.GetProperty("expiresAt").GetString()); // now (whole second) + 300 s
        JsonElement topics = root.GetProperty("topics");
        Assert.Equal("foobar/session", topics.GetProperty("session").GetString());
        Assert.Equal($"foobar/{channelId}/request", topics.GetProperty("request").GetString());
        Assert.Equal($"foobar/{channelId}/response", topics.GetProperty("response").GetString());
        Assert.Equal(JsonValueKind.Null, topics.GetProperty("shared").ValueKind);

        var url = new Uri(root.GetProperty("endpointUrl").GetString()!);
        Assert.Equal($"wss://{TestSettings.IotHost}/mqtt", url.GetLeftPart(UriPartial.Path));
        Assert.Equal(channelId, Assert.Single(issuer.Scopes).ChannelId.Value);
        Assert.DoesNotContain(_harness.Logger.Entries, e => e.Level >= Realtime.Lambda.LambdaLogLevel.Warning);
    }

    [Fact]
    public async Task Get_SignsTheUrlWithTheIssuedCredentials()
    {
        APIGatewayHttpApiV2ProxyResponse response = await _harness.InvokeAsync(HandlerHarness.Handler(new FakeCredentialsIssuer()), GatewayEvents.HttpApiV2());

        Uri url = HandlerHarness.EndpointUrl(response);
        Assert.Equal($"{FakeCredentialsIssuer.Credentials.AccessKeyId}/20261122/us-east-1/iotdevicegateway/aws4_request",
            ReferenceSigV4.Parameter(url, "X-Amz-Credential"));
        Assert.Equal("20261122T023015Z", ReferenceSigV4.Parameter(url, "X-Amz-Date"));
        Assert.Equal("300", ReferenceSigV4.Parameter(url, "X-Amz-Expires"));
        Assert.Equal(FakeCredentialsIssuer.Credentials.SessionToken, ReferenceSigV4.Parameter(url, "X-Amz-Security-Token"));
        Assert.True(ReferenceSigV4.IsValid(url, FakeCredentialsIssuer.Credentials.SecretAccessKey));
        Assert.False(ReferenceSigV4.IsValid(url, TestSettings.FunctionSecretAccessKey));
    }

    [Fact]
    public async Task Get_CredentialsExpireBeforeTheConfiguredExpiry_ClampsTheUrl()
    {
        // Now is 02:30:15.250 (signed as 02:30:15); the credentials end at 02:32:15.750: 120 whole seconds.
        var issuer = new FakeCredentialsIssuer { Expiration = TestSettings.Now.AddSeconds(120.5) };

        APIGatewayHttpApiV2ProxyResponse response = await _harness.InvokeAsync(HandlerHarness.Handler(issuer), GatewayEvents.HttpApiV2());

        Assert.Equal("120", ReferenceSigV4.Parameter(HandlerHarness.EndpointUrl(response), "X-Amz-Expires"));
        using JsonDocument body = JsonDocument.Parse(response.Body!);
        Assert.Equal("2026-11-22T02:32:15Z", body.RootElement.GetProperty("expiresAt").GetString());
    }

    [Fact]
    public async Task Get_RestV1_Returns200WithTheSession()
    {
        APIGatewayHttpApiV2ProxyResponse response = await _harness.InvokeAsync(HandlerHarness.Handler(new FakeCredentialsIssuer()), GatewayEvents.RestV1());

        Assert.Equal(200, response.StatusCode);
        AssertCommonHeaders(response, "*");
        using JsonDocument body = JsonDocument.Parse(response.Body!);
        Assert.Matches(IssuedChannelId(), body.RootElement.GetProperty("channelId").GetString());
    }

    [Fact]
    public async Task Get_HttpApiV2NamedStage_StripsTheStageFromThePath()
    {
        APIGatewayHttpApiV2ProxyResponse response = await _harness.InvokeAsync(
            HandlerHarness.Handler(new FakeCredentialsIssuer()), GatewayEvents.HttpApiV2(path: "/dev", stage: "dev"));

        Assert.Equal(200, response.StatusCode);
    }

    [Fact]
    public async Task Get_WithSharedTopicAndPrefix_ListsThemInTopics()
    {
        var handler = HandlerHarness.Handler(new FakeCredentialsIssuer(), ("SHARED_TOPIC", "lobby"), ("TOPIC_PREFIX", "chat"));

        APIGatewayHttpApiV2ProxyResponse response = await _harness.InvokeAsync(handler, GatewayEvents.HttpApiV2());

        using JsonDocument body = JsonDocument.Parse(response.Body!);
        JsonElement topics = body.RootElement.GetProperty("topics");
        Assert.Equal("chat/lobby", topics.GetProperty("shared").GetString());
        Assert.Equal("chat/session", topics.GetProperty("session").GetString());
    }

    [Fact]
    public async Task Get_ManySessions_IssuesDistinct80BitHexChannelIds()
    {
        var issuer = new FakeCredentialsIssuer();
        var handler = HandlerHarness.Handler(issuer);

        for (int i = 0; i < 200; i++)
        {
            await _harness.InvokeAsync(handler, GatewayEvents.HttpApiV2());
        }

        List<string> ids = issuer.Scopes.Select(s => s.ChannelId.Value).ToList();
        Assert.All(ids, id => Assert.Matches(IssuedChannelId(), id));
        Assert.Equal(ids.Count, ids.Distinct().Count());
        // 200 ids x 20 hex digits: every digit value shows up somewhere (a constant or low-entropy source would not).
        Assert.Equal(16, ids.SelectMany(id => id).Distinct().Count());
    }

    [Fact]
    public async Task Options_AnswersTheCorsPreflight()
    {
        APIGatewayHttpApiV2ProxyResponse response = await _harness.InvokeAsync(
            HandlerHarness.Handler(new FakeCredentialsIssuer(), ("ALLOWED_ORIGIN", "https://app.example.com")), GatewayEvents.HttpApiV2("OPTIONS"));

        Assert.Equal(204, response.StatusCode);
        AssertCommonHeaders(response, "https://app.example.com");
        Assert.Equal("GET, OPTIONS", response.Headers!["Access-Control-Allow-Methods"]);
        Assert.Equal("Content-Type", response.Headers["Access-Control-Allow-Headers"]);
        Assert.Equal("600", response.Headers["Access-Control-Max-Age"]);
        Assert.False(response.Headers.ContainsKey("Content-Type"));
        Assert.True(string.IsNullOrEmpty(response.Body));
    }

    [Theory]
    [InlineData("POST")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    [InlineData("HEAD")]
    [InlineData("PATCH")]
    public async Task OtherMethod_Returns405WithAllow(string method)
    {
        var issuer = new FakeCredentialsIssuer();

        APIGatewayHttpApiV2ProxyResponse response = await _harness.InvokeAsync(HandlerHarness.Handler(issuer), GatewayEvents.HttpApiV2(method));

        AssertError(response, 405, "method_not_allowed", "*");
        Assert.Equal("GET, OPTIONS", response.Headers!["Allow"]);
        Assert.Empty(issuer.Scopes);
    }

    [Theory]
    [InlineData("/session")]
    [InlineData("/favicon.ico")]
    [InlineData("//")]
    public async Task UnknownPath_Returns404_InBothFormats(string path)
    {
        AssertError(await _harness.InvokeAsync(HandlerHarness.Handler(new FakeCredentialsIssuer()), GatewayEvents.HttpApiV2(path: path)), 404, "not_found", "*");
        AssertError(await _harness.InvokeAsync(HandlerHarness.Handler(new FakeCredentialsIssuer()), GatewayEvents.RestV1(path: path)), 404, "not_found", "*");
    }

    [Theory]
    [InlineData("{\"httpMethod\":\"GET\"}")]
    [InlineData("{\"httpMethod\":\"GET\",\"path\":\"\"}")]
    [InlineData("{\"version\":\"2.0\",\"requestContext\":{\"http\":{\"method\":\"GET\"}}}")]
    [InlineData("{\"version\":\"2.0\",\"rawPath\":\"\",\"requestContext\":{\"http\":{\"method\":\"GET\",\"path\":\"\"}}}")]
    public async Task Get_EventWithoutAPath_Returns400_AndIssuesNoSession(string json)
    {
        var issuer = new FakeCredentialsIssuer();

        APIGatewayHttpApiV2ProxyResponse response = await _harness.InvokeAsync(HandlerHarness.Handler(issuer), json);

        AssertError(response, 400, "bad_request", "*");
        Assert.Contains("request path", response.Body, StringComparison.Ordinal);
        Assert.Empty(issuer.Scopes);
    }

    [Fact]
    public async Task Get_HttpApiV2NamedStageRootWithSlash_Returns200()
    {
        APIGatewayHttpApiV2ProxyResponse response = await _harness.InvokeAsync(
            HandlerHarness.Handler(new FakeCredentialsIssuer()), GatewayEvents.HttpApiV2(path: "/dev/", stage: "dev"));

        Assert.Equal(200, response.StatusCode);
    }

    [Theory]
    [InlineData("/dev/session")]
    [InlineData("/devx")]
    [InlineData("/dev//")]
    public async Task Get_HttpApiV2NamedStageOtherPath_Returns404(string path)
    {
        var issuer = new FakeCredentialsIssuer();

        APIGatewayHttpApiV2ProxyResponse response = await _harness.InvokeAsync(HandlerHarness.Handler(issuer), GatewayEvents.HttpApiV2(path: path, stage: "dev"));

        AssertError(response, 404, "not_found", "*");
        Assert.Empty(issuer.Scopes);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("[]")]
    [InlineData("\"GET /\"")]
    [InlineData("null")]
    [InlineData("{\"channelId\":\"abc\"}")]
    [InlineData("{\"version\":\"2.0\",\"requestContext\":{\"http\":{\"method\":42}}}")]
    public async Task NotAnApiGatewayEvent_Returns400(string json)
    {
        APIGatewayHttpApiV2ProxyResponse response = await _harness.InvokeAsync(HandlerHarness.Handler(new FakeCredentialsIssuer()), json);

        AssertError(response, 400, "bad_request", "*");
        Assert.Contains(_harness.Logger.Entries, e => e.Message.StartsWith("Answered 400", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CredentialsUnavailable_Returns502WithThePublicMessage_AndLogsTheDetail()
    {
        var issuer = new FakeCredentialsIssuer
        {
            Failure = new CredentialsUnavailableException("Could not get credentials (AccessDenied).", "detail for the log only"),
        };

        APIGatewayHttpApiV2ProxyResponse response = await _harness.InvokeAsync(HandlerHarness.Handler(issuer), GatewayEvents.HttpApiV2());

        AssertError(response, 502, "credentials_unavailable", "*");
        Assert.Contains("Could not get credentials (AccessDenied).", response.Body);
        Assert.DoesNotContain("detail for the log only", response.Body);
        Assert.Contains("detail for the log only", _harness.Logger.Buffer);
    }

    [Fact]
    public async Task UnexpectedFailure_Returns500JsonInsteadOfCrashing()
    {
        var issuer = new FakeCredentialsIssuer { Failure = new InvalidOperationException("boom") };

        APIGatewayHttpApiV2ProxyResponse response = await _harness.InvokeAsync(HandlerHarness.Handler(issuer), GatewayEvents.HttpApiV2());

        AssertError(response, 500, "internal_error", "*");
        Assert.DoesNotContain("boom", response.Body);
        Assert.Contains("InvalidOperationException: boom", _harness.Logger.Buffer);
    }

    [Fact]
    public async Task ErrorBody_CarriesTheRequestId()
    {
        APIGatewayHttpApiV2ProxyResponse response = await _harness.InvokeAsync(HandlerHarness.Handler(new FakeCredentialsIssuer()), GatewayEvents.HttpApiV2("POST"));

        using JsonDocument body = JsonDocument.Parse(response.Body!);
        Assert.Equal("req-1", body.RootElement.GetProperty("requestId").GetString());
        Assert.False(string.IsNullOrWhiteSpace(body.RootElement.GetProperty("message").GetString()));
    }

    [Fact]
    public async Task Response_SerializesToTheProxyResponseShape()
    {
        APIGatewayHttpApiV2ProxyResponse response = await _harness.InvokeAsync(HandlerHarness.Handler(new FakeCredentialsIssuer()), GatewayEvents.HttpApiV2());

        // What the Runtime API receives: valid for payload 2.0 and 1.0 (no cookies/multiValueHeaders keys).
        string json = JsonSerializer.Serialize(response, ApiGatewayJsonContext.Default.APIGatewayHttpApiV2ProxyResponse);
        using JsonDocument document = JsonDocument.Parse(json);
        Assert.Equal(["statusCode", "headers", "body", "isBase64Encoded"], document.RootElement.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public void UrlLifetime_WithoutCredentialsExpiry_IsTheConfiguredExpiry()
    {
        Assert.Equal(TimeSpan.FromSeconds(300), SessionIssuer.UrlLifetime(TimeSpan.FromSeconds(300), null, TestSettings.Now));
    }

    [Fact]
    public void UrlLifetime_CredentialsExpiringAlmostNow_Throws()
    {
        Assert.Throws<CredentialsUnavailableException>(
            () => SessionIssuer.UrlLifetime(TimeSpan.FromSeconds(300), TestSettings.Now.AddSeconds(9.5), TestSettings.Now));
        Assert.Throws<CredentialsUnavailableException>(
            () => SessionIssuer.UrlLifetime(TimeSpan.FromSeconds(300), TestSettings.Now.AddMinutes(-1), TestSettings.Now));
    }

    private static void AssertCommonHeaders(APIGatewayHttpApiV2ProxyResponse response, string origin)
    {
        Assert.NotNull(response.Headers);
        Assert.Equal(origin, response.Headers["Access-Control-Allow-Origin"]);
        Assert.Equal("no-store", response.Headers["Cache-Control"]);
    }

    private static void AssertError(APIGatewayHttpApiV2ProxyResponse response, int status, string code, string origin)
    {
        Assert.Equal(status, response.StatusCode);
        AssertCommonHeaders(response, origin);
        Assert.Equal("application/json", response.Headers!["Content-Type"]);
        using JsonDocument body = JsonDocument.Parse(response.Body!);
        Assert.Equal(code, body.RootElement.GetProperty("error").GetString());
    }

    [GeneratedRegex("^[0-9a-f]{20}$")]
    private static partial Regex IssuedChannelId();
}
