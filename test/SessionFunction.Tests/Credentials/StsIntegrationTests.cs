using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Realtime.Channels;
using Realtime.Lambda.Events;
using Realtime.Lambda.TestUtilities;
using Realtime.TestSupport;
using SessionFunction.Configuration;
using SessionFunction.Credentials;
using SessionFunction.Sessions;
using SessionFunction.Tests.Support;

namespace SessionFunction.Tests.Credentials;

/// <summary>Scoped mode end to end in-process: the real STS client (<see cref="StsClient"/>) against <see cref="FakeStsServer"/>.</summary>
public sealed class StsIntegrationTests : IAsyncLifetime
{
    private readonly HandlerHarness _harness = new(remainingTime: TimeSpan.FromSeconds(20));
    private FakeStsServer _sts = null!;

    public async Task InitializeAsync() => _sts = await FakeStsServer.StartAsync();

    public async Task DisposeAsync() => await _sts.DisposeAsync();

    [Fact]
    public async Task Get_WithClientRole_AssumesTheRoleWithTheSessionPolicy()
    {
        APIGatewayHttpApiV2ProxyResponse response = await InvokeAsync(CreateHandler(("SHARED_TOPIC", "lobby")));

        Assert.Equal(200, response.StatusCode);
        using JsonDocument body = JsonDocument.Parse(response.Body!);
        string channelId = body.RootElement.GetProperty("channelId").GetString()!;
        StsRequest request = Assert.Single(_sts.Requests);
        Assert.Equal("AssumeRole", request.Form["Action"]);
        Assert.Equal("2011-06-15", request.Form["Version"]);
        Assert.Equal(TestSettings.ClientRoleArn, request.Form["RoleArn"]);
        Assert.Equal("client-" + channelId, request.Form["RoleSessionName"]);
        Assert.Equal("900", request.Form["DurationSeconds"]);
        Assert.Equal(ExpectedPolicy(channelId, "lobby"), request.Form["Policy"]);
        // The call is signed with the function's own credentials.
        Assert.Contains($"Credential={TestSettings.FunctionAccessKeyId}/", request.Authorization);
        Assert.Contains("/us-east-1/sts/aws4_request", request.Authorization);
        Assert.Equal(TestSettings.FunctionSessionToken, request.SecurityToken);
        Assert.DoesNotContain(_harness.Logger.Entries, e => e.Level >= Realtime.Lambda.LambdaLogLevel.Warning);
    }

    [Fact]
    public async Task Get_WithClientRole_SignsTheUrlWithTheTemporaryCredentials()
    {
        APIGatewayHttpApiV2ProxyResponse response = await InvokeAsync(CreateHandler());

        Uri url = HandlerHarness.EndpointUrl(response);
        Assert.StartsWith(FakeStsServer.AccessKeyId + "/", ReferenceSigV4.Parameter(url, "X-Amz-Credential"));
        Assert.Equal(FakeStsServer.SessionToken, ReferenceSigV4.Parameter(url, "X-Amz-Security-Token"));
        Assert.True(ReferenceSigV4.IsValid(url, FakeStsServer.SecretAccessKey));
        Assert.False(ReferenceSigV4.IsValid(url, TestSettings.FunctionSecretAccessKey));
    }

    [Fact]
    public async Task Get_StsCredentialsShorterThanTheUrlExpiry_ClampsTheUrl()
    {
        _sts.Expiration = DateTimeOffset.UtcNow.AddSeconds(60);

        APIGatewayHttpApiV2ProxyResponse response = await InvokeAsync(CreateHandler());

        int expires = int.Parse(ReferenceSigV4.Parameter(HandlerHarness.EndpointUrl(response), "X-Amz-Expires"));
        Assert.InRange(expires, 55, 60);
    }

    [Fact]
    public async Task Get_StsRefuses_Returns502WithoutStsDetails_AndLogsThem()
    {
        _sts.FailWith = (403, "AccessDenied",
            "User: arn:aws:sts::123456789012:assumed-role/session/fn is not authorized to perform: sts:AssumeRole");

        APIGatewayHttpApiV2ProxyResponse response = await InvokeAsync(CreateHandler());

        Assert.Equal(502, response.StatusCode);
        Assert.Equal("*", response.Headers!["Access-Control-Allow-Origin"]);
        using JsonDocument body = JsonDocument.Parse(response.Body!);
        Assert.Equal("credentials_unavailable", body.RootElement.GetProperty("error").GetString());
        Assert.Contains("AccessDenied", body.RootElement.GetProperty("message").GetString());
        Assert.DoesNotContain("123456789012", response.Body);
        Assert.Contains(_harness.Logger.Entries, e => e.Message.Contains("HTTP 403 AccessDenied") && e.Message.Contains("not authorized"));
        AssertNoSecretsLogged();
    }

    [Theory]
    [InlineData(400, "Throttling")]
    [InlineData(503, "ServiceUnavailable")]
    [InlineData(500, "InternalFailure")]
    public async Task Get_StsFailsOnceOnItsSide_TriesAgainAndSucceeds(int status, string code)
    {
        _sts.FailWith = (status, code, "try again");
        _sts.FailCount = 1;

        APIGatewayHttpApiV2ProxyResponse response = await InvokeAsync(CreateHandler());

        Assert.Equal(200, response.StatusCode);
        Assert.Equal(2, _sts.Requests.Count);
    }

    [Fact]
    public async Task Get_StsKeepsFailing_GivesUpAfterThreeAttempts()
    {
        _sts.FailWith = (503, "ServiceUnavailable", "down");

        APIGatewayHttpApiV2ProxyResponse response = await InvokeAsync(CreateHandler());

        Assert.Equal(502, response.StatusCode);
        Assert.Contains("ServiceUnavailable", response.Body);
        Assert.Equal(3, _sts.Requests.Count);
    }

    [Fact]
    public async Task Get_StsRefuses_DoesNotTryAgain()
    {
        _sts.FailWith = (403, "AccessDenied", "no");

        await InvokeAsync(CreateHandler());

        Assert.Single(_sts.Requests);
    }

    [Fact]
    public async Task Get_StsUnreachable_Returns502Promptly()
    {
        Uri closed = ClosedLoopbackPort();
        var stopwatch = Stopwatch.StartNew();

        APIGatewayHttpApiV2ProxyResponse response = await InvokeAsync(CreateHandler(("AWS_ENDPOINT_URL_STS", closed.ToString())));

        Assert.Equal(502, response.StatusCode);
        Assert.Contains("could not be reached", response.Body);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(15), $"took {stopwatch.Elapsed}");
        AssertNoSecretsLogged();
    }

    [Fact]
    public async Task Get_StsDoesNotAnswer_Returns502BeforeTheInvocationDeadline()
    {
        _sts.Hang = true;
        var handler = CreateHandler();
        var context = new TestLambdaContext { Logger = _harness.Logger, RemainingTime = TimeSpan.FromSeconds(1.5) };
        var stopwatch = Stopwatch.StartNew();

        APIGatewayHttpApiV2ProxyResponse response = await handler.HandleAsync(GatewayEvents.Parse(GatewayEvents.HttpApiV2()), context);

        Assert.Equal(502, response.StatusCode);
        Assert.Contains("STS timed out", response.Body);
        // The budget is the remaining time minus a 0.5 s margin (at least 1 s), well before the client's own 5 s attempt timeout.
        Assert.InRange(stopwatch.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(4.5));
    }

    [Fact]
    public async Task Startup_CreatesOneStsClientPerProcess()
    {
        int created = 0;
        var handler = SessionStartup.Create(
            Environment(), _harness.Logger, TimeProvider.System,
            config => { created++; return StsClient.Create(config, TimeProvider.System); });

        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(200, (await InvokeAsync(handler)).StatusCode);
        }

        Assert.Equal(1, created);
        Assert.Equal(3, _sts.Requests.Count);
    }

    [Fact]
    public async Task FullInvocation_ScopedMode_LogsNoSecret()
    {
        APIGatewayHttpApiV2ProxyResponse response = await InvokeAsync(CreateHandler());

        Uri url = HandlerHarness.EndpointUrl(response);
        string signature = ReferenceSigV4.Parameter(url, "X-Amz-Signature");
        AssertNoSecretsLogged(signature);
        // The URL is logged, but only in redacted form.
        Assert.Contains("X-Amz-Signature=REDACTED&X-Amz-Security-Token=REDACTED", _harness.Logger.Buffer);
    }

    [Fact]
    public async Task FullInvocation_UnscopedMode_WarnsOnceAndLogsNoSecret()
    {
        var handler = SessionStartup.Create(TestSettings.Environment(), _harness.Logger, TimeProvider.System);

        APIGatewayHttpApiV2ProxyResponse first = await InvokeAsync(handler);
        APIGatewayHttpApiV2ProxyResponse second = await InvokeAsync(handler);

        Assert.Equal(200, first.StatusCode);
        Uri url = HandlerHarness.EndpointUrl(first);
        Assert.True(ReferenceSigV4.IsValid(url, TestSettings.FunctionSecretAccessKey));
        Assert.Equal(TestSettings.FunctionSessionToken, ReferenceSigV4.Parameter(url, "X-Amz-Security-Token"));
        Assert.Single(_harness.Logger.Entries, e => e.Level == Realtime.Lambda.LambdaLogLevel.Warning && e.Message.Contains("CLIENT_ROLE_ARN is not set"));
        AssertNoSecretsLogged(
            ReferenceSigV4.Parameter(url, "X-Amz-Signature"),
            ReferenceSigV4.Parameter(HandlerHarness.EndpointUrl(second), "X-Amz-Signature"));
        Assert.Empty(_sts.Requests);
    }

    private void AssertNoSecretsLogged(params string[] more)
    {
        string log = _harness.Logger.Buffer;
        string[] secrets =
        [
            TestSettings.FunctionSecretAccessKey, TestSettings.FunctionSessionToken,
            FakeStsServer.SecretAccessKey, FakeStsServer.SessionToken, .. more,
        ];
        foreach (string secret in secrets)
        {
            Assert.DoesNotContain(secret, log);
            Assert.DoesNotContain(Uri.EscapeDataString(secret), log);
        }
    }

    private Task<APIGatewayHttpApiV2ProxyResponse> InvokeAsync(SessionHandler handler)
        => _harness.InvokeAsync(handler, GatewayEvents.HttpApiV2());

    private SessionHandler CreateHandler(params (string Name, string? Value)[] overrides)
        => SessionStartup.Create(Environment(overrides), _harness.Logger, TimeProvider.System);

    private DictionaryEnvironmentVariables Environment(params (string Name, string? Value)[] overrides)
        => TestSettings.Environment(
            [("CLIENT_ROLE_ARN", TestSettings.ClientRoleArn), ("AWS_ENDPOINT_URL_STS", _sts.Endpoint.ToString()), .. overrides]);

    private static string ExpectedPolicy(string channelId, string? shared)
    {
        Assert.True(ClientRoleArn.TryParse(TestSettings.ClientRoleArn, out ClientRoleArn? role));
        // GatewayEvents.HttpApiV2 comes from API abc123: the credentials may renew through that API only.
        SessionScope scope = SessionPolicyTests.Scope("foobar", channelId, shared) with
        {
            RenewRouteArn = "arn:aws:execute-api:us-east-1:123456789012:abc123/*/POST/renew",
        };
        return SessionPolicy.Build(scope, role!, TestSettings.Region);
    }

    private static Uri ClosedLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new Uri($"http://127.0.0.1:{port}/");
    }
}
