using System.Diagnostics;
using System.Text.Json;
using Realtime.TestSupport;
using SessionFunction.Tests.Support;
using Xunit.Abstractions;

namespace SessionFunction.Tests;

/// <summary>The real built executable against the in-test Runtime API (and, for scoped mode, the in-test STS).</summary>
public sealed class ExecutableTests(ITestOutputHelper output) : IAsyncLifetime
{
    // Generous: the machine is shared by several builds; the waits end as soon as the function answers.
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private FakeRuntimeApi _runtime = null!;

    public async Task InitializeAsync() => _runtime = await FakeRuntimeApi.StartAsync();

    public async Task DisposeAsync() => await _runtime.DisposeAsync();

    [Fact]
    public async Task HttpApiV2Get_Returns200WithAUrlAnIndependentVerifierAccepts()
    {
        await using FunctionProcess function = await SessionProcess.StartAsync(Environment());
        var started = Stopwatch.StartNew();
        FakeRuntimeApiInvocation get = _runtime.Enqueue(GatewayEvents.HttpApiV2());

        FakeRuntimeApiResult result = await _runtime.WaitForResultAsync(get.RequestId, Timeout);
        output.WriteLine($"cold start to first response (unscoped): {started.ElapsedMilliseconds} ms");

        Assert.Equal(FakeRuntimeApiResultKind.Response, result.Kind);
        using JsonDocument response = JsonDocument.Parse(result.Body);
        Assert.Equal(200, response.RootElement.GetProperty("statusCode").GetInt32());
        JsonElement headers = response.RootElement.GetProperty("headers");
        Assert.Equal("application/json", headers.GetProperty("Content-Type").GetString());
        Assert.Equal("no-store", headers.GetProperty("Cache-Control").GetString());
        Assert.Equal("*", headers.GetProperty("Access-Control-Allow-Origin").GetString());

        using JsonDocument session = JsonDocument.Parse(response.RootElement.GetProperty("body").GetString()!);
        var url = new Uri(session.RootElement.GetProperty("endpointUrl").GetString()!);
        Assert.Equal($"wss://{TestSettings.IotHost}/mqtt", url.GetLeftPart(UriPartial.Path));
        Assert.True(ReferenceSigV4.IsValid(url, TestSettings.FunctionSecretAccessKey), "the independent SigV4 check rejected the URL");
        Assert.Equal(TestSettings.FunctionSessionToken, ReferenceSigV4.Parameter(url, "X-Amz-Security-Token"));
        Assert.Matches("^[0-9a-f]{20}$", session.RootElement.GetProperty("channelId").GetString());

        // The loop goes on: a REST 1.0 event and a bad method in the same process.
        FakeRuntimeApiInvocation rest = _runtime.Enqueue(GatewayEvents.RestV1());
        FakeRuntimeApiInvocation post = _runtime.Enqueue(GatewayEvents.HttpApiV2("POST"));
        Assert.Equal(200, StatusCode(await _runtime.WaitForResultAsync(rest.RequestId, Timeout)));
        Assert.Equal(405, StatusCode(await _runtime.WaitForResultAsync(post.RequestId, Timeout)));

        AssertNoSecrets(function.Output, ReferenceSigV4.Parameter(url, "X-Amz-Signature"));
        Assert.Contains("CLIENT_ROLE_ARN is not set", function.Output);
        AssertNoErrorLogged(function.Output);
    }

    [Fact]
    public async Task ScopedMode_GetsStsCredentialsThroughAwsEndpointUrlSts()
    {
        await using FakeStsServer sts = await FakeStsServer.StartAsync();
        Dictionary<string, string> environment = Environment();
        environment["CLIENT_ROLE_ARN"] = TestSettings.ClientRoleArn;
        environment["AWS_ENDPOINT_URL_STS"] = sts.Endpoint.ToString();
        await using FunctionProcess function = await SessionProcess.StartAsync(environment);
        var started = Stopwatch.StartNew();
        FakeRuntimeApiInvocation first = _runtime.Enqueue(GatewayEvents.HttpApiV2());

        FakeRuntimeApiResult result = await _runtime.WaitForResultAsync(first.RequestId, Timeout);
        output.WriteLine($"cold start to first response (scoped, AssumeRole): {started.ElapsedMilliseconds} ms");
        var warm = Stopwatch.StartNew();
        FakeRuntimeApiInvocation second = _runtime.Enqueue(GatewayEvents.HttpApiV2());
        FakeRuntimeApiResult secondResult = await _runtime.WaitForResultAsync(second.RequestId, Timeout);
        output.WriteLine($"warm invocation (scoped, AssumeRole): {warm.ElapsedMilliseconds} ms");

        Assert.Equal(200, StatusCode(result));
        Assert.Equal(200, StatusCode(secondResult));
        using JsonDocument response = JsonDocument.Parse(result.Body);
        using JsonDocument session = JsonDocument.Parse(response.RootElement.GetProperty("body").GetString()!);
        var url = new Uri(session.RootElement.GetProperty("endpointUrl").GetString()!);
        Assert.True(ReferenceSigV4.IsValid(url, FakeStsServer.SecretAccessKey));
        Assert.StartsWith(FakeStsServer.AccessKeyId + "/", ReferenceSigV4.Parameter(url, "X-Amz-Credential"));
        foreach (string line in function.Output.Split('\n').Where(l => l.Length > 0))
        {
            output.WriteLine("function log: " + line.Trim()); // init and per-request timings (STS client, AssumeRole)
        }

        Assert.Equal(FakeStsServer.SessionToken, ReferenceSigV4.Parameter(url, "X-Amz-Security-Token"));
        Assert.Equal(2, sts.Requests.Count);
        StsRequest firstSts = sts.Requests.First();
        Assert.Equal("900", firstSts.Form["DurationSeconds"]);
        // Written out here (not built with SessionPolicy) so a wrong policy in the real request fails this test.
        string channelId = session.RootElement.GetProperty("channelId").GetString()!;
        const string Arn = "arn:aws:iot:us-east-1:123456789012:";
        Assert.Equal(
            "{\"Version\":\"2012-10-17\",\"Statement\":[" +
            $"{{\"Effect\":\"Allow\",\"Action\":\"iot:Connect\",\"Resource\":\"{Arn}client/client-{channelId}\"}}," +
            $"{{\"Effect\":\"Allow\",\"Action\":\"iot:Subscribe\",\"Resource\":\"{Arn}topicfilter/foobar/{channelId}/response\"}}," +
            $"{{\"Effect\":\"Allow\",\"Action\":\"iot:Receive\",\"Resource\":\"{Arn}topic/foobar/{channelId}/response\"}}," +
            $"{{\"Effect\":\"Allow\",\"Action\":\"iot:Publish\",\"Resource\":[\"{Arn}topic/foobar/{channelId}/request\",\"{Arn}topic/foobar/session\"]}}," +
            $"{{\"Effect\":\"Allow\",\"Action\":\"execute-api:Invoke\",\"Resource\":\"arn:aws:execute-api:us-east-1:123456789012:abc123/*/POST/renew\"}}" +
            "]}",
            firstSts.Form["Policy"]);
        AssertNoSecrets(function.Output, ReferenceSigV4.Parameter(url, "X-Amz-Signature"));
        AssertNoErrorLogged(function.Output);
    }

    [Fact]
    public async Task MissingIotHost_PostsAnInitErrorNamingIt_AndExitsNonZero()
    {
        Dictionary<string, string> environment = Environment();
        environment.Remove("AWS_IOT_HOST");
        await using FunctionProcess function = await SessionProcess.StartAsync(environment);

        FakeRuntimeApiResult initError = await _runtime.WaitForInitErrorAsync(Timeout);
        int exitCode = await function.WaitForExitAsync(Timeout);

        Assert.Equal(FakeRuntimeApiResultKind.InitError, initError.Kind);
        using JsonDocument body = JsonDocument.Parse(initError.Body);
        Assert.Contains("AWS_IOT_HOST", body.RootElement.GetProperty("errorMessage").GetString());
        Assert.Contains("LambdaConfigurationException", body.RootElement.GetProperty("errorType").GetString());
        Assert.NotEqual(0, exitCode);
        Assert.Equal(0, _runtime.NextRequestCount);
    }

    private Dictionary<string, string> Environment() => new()
    {
        ["AWS_LAMBDA_RUNTIME_API"] = _runtime.Address,
        ["AWS_LAMBDA_FUNCTION_NAME"] = "session",
        ["AWS_LAMBDA_FUNCTION_VERSION"] = "$LATEST",
        ["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] = "512",
        ["_HANDLER"] = "SessionFunction",
        ["AWS_REGION"] = TestSettings.Region,
        ["AWS_IOT_HOST"] = TestSettings.IotHost,
        ["AWS_ACCESS_KEY_ID"] = TestSettings.FunctionAccessKeyId,
        ["AWS_SECRET_ACCESS_KEY"] = TestSettings.FunctionSecretAccessKey,
        ["AWS_SESSION_TOKEN"] = TestSettings.FunctionSessionToken,
        ["AWS_LAMBDA_LOG_FORMAT"] = "JSON",
    };

    private static int StatusCode(FakeRuntimeApiResult result)
    {
        Assert.Equal(FakeRuntimeApiResultKind.Response, result.Kind);
        using JsonDocument response = JsonDocument.Parse(result.Body);
        return response.RootElement.GetProperty("statusCode").GetInt32();
    }

    private static void AssertNoErrorLogged(string log)
    {
        Assert.DoesNotContain("\"level\":\"ERROR\"", log);
        Assert.DoesNotContain("\"level\":\"FATAL\"", log);
    }

    private static void AssertNoSecrets(string log, string signature)
    {
        foreach (string secret in new[]
        {
            TestSettings.FunctionSecretAccessKey, TestSettings.FunctionSessionToken,
            FakeStsServer.SecretAccessKey, FakeStsServer.SessionToken, signature,
        })
        {
            Assert.DoesNotContain(secret, log);
            Assert.DoesNotContain(Uri.EscapeDataString(secret), log);
        }
    }
}
