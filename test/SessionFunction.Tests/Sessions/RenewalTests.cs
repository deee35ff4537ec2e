using System.Text.Json;
using Realtime.Channels;
using Realtime.Lambda.Events;
using Realtime.TestSupport;
using SessionFunction.Configuration;
using SessionFunction.Credentials;
using SessionFunction.Sessions;
using SessionFunction.Tests.Support;

namespace SessionFunction.Tests.Sessions;

/// <summary>
/// POST /renew: the channel comes only from the IAM caller (the role session name API Gateway verified), the answer is a
/// full session for that same channel, and the renewed credentials' scope is built exactly like the original's.
/// </summary>
public sealed class RenewalTests
{
    private const string Channel = "3f9c0a6d1e2b4c5a7788";
    private const string OtherChannel = "0123456789abcdef0123"; // what the event's body, query and headers name
    private const string RoleSessionArn = "arn:aws:sts::123456789012:assumed-role/browser-client/client-" + Channel;

    private readonly HandlerHarness _harness = new(requestId: "req-renew");

    [Fact]
    public async Task Renew_OwnChannel_AnswersAFullSessionForThatChannelWithFreshCredentials()
    {
        var issuer = new FakeCredentialsIssuer();

        APIGatewayHttpApiV2ProxyResponse response = await _harness.InvokeAsync(Scoped(issuer), GatewayEvents.HttpApiV2Iam(RoleSessionArn));

        Assert.Equal(200, response.StatusCode);
        using JsonDocument body = JsonDocument.Parse(response.Body!);
        JsonElement root = body.RootElement;
        Assert.Equal(["endpointUrl", "channelId", "clientId", "expiresAt", "topics", "region", "credentials"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(Channel, root.GetProperty("channelId").GetString());
        Assert.Equal("client-" + Channel, root.GetProperty("clientId").GetString());
        Assert.Equal($"foobar/{Channel}/request", root.GetProperty("topics").GetProperty("request").GetString());
        Assert.Equal("us-east-1", root.GetProperty("region").GetString());
        JsonElement credentials = root.GetProperty("credentials");
        Assert.Equal(FakeCredentialsIssuer.Credentials.AccessKeyId, credentials.GetProperty("accessKeyId").GetString());
        Assert.Equal(FakeCredentialsIssuer.Credentials.SecretAccessKey, credentials.GetProperty("secretAccessKey").GetString());
        Assert.Equal(FakeCredentialsIssuer.Credentials.SessionToken, credentials.GetProperty("sessionToken").GetString());
        Assert.Equal("2026-11-22T02:45:15Z", credentials.GetProperty("expiration").GetString());
        Uri url = HandlerHarness.EndpointUrl(response);
        Assert.True(ReferenceSigV4.IsValid(url, FakeCredentialsIssuer.Credentials.SecretAccessKey)); // signed with the fresh credentials
        SessionScope scope = Assert.Single(issuer.Scopes);
        Assert.Equal(Channel, scope.ChannelId.Value);
    }

    [Fact]
    public async Task Renew_NamingAnotherChannelInBodyQueryOrHeaders_StillRenewsOnlyTheCallersChannel()
    {
        var issuer = new FakeCredentialsIssuer();

        APIGatewayHttpApiV2ProxyResponse response = await _harness.InvokeAsync(Scoped(issuer), GatewayEvents.HttpApiV2Iam(RoleSessionArn));

        Assert.Equal(200, response.StatusCode);
        Assert.DoesNotContain(OtherChannel, response.Body!, StringComparison.Ordinal);
        Assert.All(issuer.Scopes, s => Assert.Equal(Channel, s.ChannelId.Value));
    }

    [Fact]
    public async Task Renew_PolicyIsIdenticalToTheOriginalSessions()
    {
        var issuer = new FakeCredentialsIssuer();
        SessionHandler handler = Scoped(issuer);
        APIGatewayHttpApiV2ProxyResponse first = await _harness.InvokeAsync(handler, GatewayEvents.HttpApiV2());
        string channel = JsonDocument.Parse(first.Body!).RootElement.GetProperty("channelId").GetString()!;

        APIGatewayHttpApiV2ProxyResponse renewed = await _harness.InvokeAsync(
            handler, GatewayEvents.HttpApiV2Iam($"arn:aws:sts::123456789012:assumed-role/browser-client/client-{channel}"));

        Assert.Equal(200, renewed.StatusCode);
        Assert.Equal(2, issuer.Scopes.Count);
        Assert.True(ClientRoleArn.TryParse(TestSettings.ClientRoleArn, out ClientRoleArn? role));
        string original = SessionPolicy.Build(issuer.Scopes[0], role!, TestSettings.Region);
        string again = SessionPolicy.Build(issuer.Scopes[1], role!, TestSettings.Region);
        Assert.Equal(original, again);
        Assert.Contains("\"execute-api:Invoke\",\"Resource\":\"arn:aws:execute-api:us-east-1:123456789012:abc123/*/POST/renew\"", again, StringComparison.Ordinal);
        Assert.Equal(issuer.Scopes[0], issuer.Scopes[1]);
    }

    [Theory]
    [InlineData(null)] // no IAM authorizer block: an unsigned request reaching the function (misconfigured route)
    [InlineData("")]
    [InlineData("arn:aws:sts::123456789012:assumed-role/other-role/client-3f9c0a6d1e2b4c5a7788")] // another role's session
    [InlineData("arn:aws:sts::999999999999:assumed-role/browser-client/client-3f9c0a6d1e2b4c5a7788")] // another account
    [InlineData("arn:aws:iam::123456789012:user/client-3f9c0a6d1e2b4c5a7788")] // a user, not a role session
    [InlineData("arn:aws:sts::123456789012:assumed-role/browser-client/admin")] // a session name that is no channel
    [InlineData("arn:aws:sts::123456789012:assumed-role/browser-client/client-1")] // a hand-made id the function never issues
    [InlineData("arn:aws:sts::123456789012:assumed-role/browser-client/client-3F9C0A6D1E2B4C5A7788")] // not an issued id's shape
    [InlineData("arn:aws:sts::123456789012:assumed-role/browser-client/client-3f9c0a6d1e2b4c5a7788/x")]
    public async Task Renew_CallerThatIsNotAChannelSessionOfTheClientRole_Is403AndIssuesNothing(string? userArn)
    {
        var issuer = new FakeCredentialsIssuer();

        APIGatewayHttpApiV2ProxyResponse response = await _harness.InvokeAsync(Scoped(issuer), GatewayEvents.HttpApiV2Iam(userArn));

        Assert.Equal(403, response.StatusCode);
        Assert.Equal("forbidden", JsonDocument.Parse(response.Body!).RootElement.GetProperty("error").GetString());
        Assert.Empty(issuer.Scopes);
        Assert.Single(_harness.Logger.Entries, e => e.Message.Contains("Answered 403 to a renewal", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Renew_Unscoped_Is403AndNeverHandsOutTheFunctionsOwnCredentials()
    {
        var issuer = new FakeCredentialsIssuer();
        SessionHandler handler = HandlerHarness.Handler(issuer); // no CLIENT_ROLE_ARN

        APIGatewayHttpApiV2ProxyResponse response = await _harness.InvokeAsync(handler, GatewayEvents.HttpApiV2Iam(RoleSessionArn));

        Assert.Equal(403, response.StatusCode);
        Assert.Empty(issuer.Scopes);
    }

    [Fact]
    public async Task Get_Unscoped_HasNoCredentialsAndNoRenewRight()
    {
        SessionConfig config = SessionConfig.From(TestSettings.Environment());
        var handler = new SessionHandler(
            new SessionIssuer(config, new FunctionCredentialsIssuer(config.FunctionCredentials), new ManualTimeProvider(TestSettings.Now)),
            config.AllowedOrigin, config.ClientRole);

        APIGatewayHttpApiV2ProxyResponse response = await _harness.InvokeAsync(handler, GatewayEvents.HttpApiV2());

        Assert.Equal(200, response.StatusCode);
        Assert.False(JsonDocument.Parse(response.Body!).RootElement.TryGetProperty("credentials", out _));
        Assert.DoesNotContain(TestSettings.FunctionSecretAccessKey, response.Body!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Renew_LogsNoSecret()
    {
        var issuer = new FakeCredentialsIssuer();

        await _harness.InvokeAsync(Scoped(issuer), GatewayEvents.HttpApiV2Iam(RoleSessionArn));

        string log = string.Join('\n', _harness.Logger.Entries.Select(e => e.Message));
        Assert.Contains($"Renewed session: channel {Channel}", log, StringComparison.Ordinal);
        Assert.DoesNotContain(FakeCredentialsIssuer.Credentials.SecretAccessKey, log, StringComparison.Ordinal);
        Assert.DoesNotContain(FakeCredentialsIssuer.Credentials.SessionToken!, log, StringComparison.Ordinal);
        Assert.DoesNotContain(Uri.EscapeDataString(FakeCredentialsIssuer.Credentials.SessionToken!), log, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GET", 405)]
    [InlineData("PUT", 405)]
    [InlineData("OPTIONS", 204)]
    public async Task RenewPath_OtherMethods(string method, int status)
    {
        var issuer = new FakeCredentialsIssuer();

        APIGatewayHttpApiV2ProxyResponse response = await _harness.InvokeAsync(Scoped(issuer), GatewayEvents.HttpApiV2Iam(RoleSessionArn, method));

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("POST, OPTIONS", response.Headers!["Allow"]);
        Assert.Empty(issuer.Scopes);
        if (status == 204)
        {
            Assert.Contains("X-Amz-Security-Token", response.Headers["Access-Control-Allow-Headers"], StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("abc123", "arn:aws:execute-api:us-east-1:123456789012:abc123/*/POST/renew")]
    [InlineData("SessionApi", "arn:aws:execute-api:us-east-1:123456789012:SessionApi/*/POST/renew")]
    [InlineData("*", null)] // a wildcard must never reach a policy
    [InlineData("ab?c", null)]
    [InlineData("a/b", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void RenewRouteArn_OnlyForPlainApiIds(string? apiId, string? expected)
    {
        Assert.True(ClientRoleArn.TryParse(TestSettings.ClientRoleArn, out ClientRoleArn? role));

        Assert.Equal(expected, RenewRoute.Arn(role!, "us-east-1", apiId));
    }

    [Fact]
    public void RenewalCaller_RolePathIsNotPartOfTheSessionArn()
    {
        // An assumed-role ARN names the role without its path (IAM identifiers).
        Assert.True(ClientRoleArn.TryParse("arn:aws:iam::123456789012:role/app/clients/browser-client", out ClientRoleArn? role));

        Assert.True(RenewalCaller.TryGetChannel(RoleSessionArn, role!, out ChannelId? channel, out _));
        Assert.Equal(Channel, channel!.Value);
    }

    private SessionHandler Scoped(ICredentialsIssuer issuer)
        => HandlerHarness.Handler(issuer, ("CLIENT_ROLE_ARN", TestSettings.ClientRoleArn));
}
