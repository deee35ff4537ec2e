using System.Text.Json;
using Realtime.TestSupport;

namespace Realtime.Lambda.Tests.Bootstrap;

/// <summary>The whole loop over real HTTP against an in-process Runtime API.</summary>
public sealed class LambdaBootstrapTests : IAsyncLifetime
{
    private static readonly TimeSpan s_timeout = RunningBootstrap.Timeout;
    private FakeRuntimeApi _api = null!;

    public async Task InitializeAsync() => _api = await FakeRuntimeApi.StartAsync();

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task Invocation_HandlerResult_IsPostedAsTheResponse_WithTheContextFromHeaders()
    {
        await using var run = RunningBootstrap.Start(_api.Address, (_, _) => EchoAsync);

        FakeRuntimeApiInvocation invocation = _api.Enqueue("""{"message":"hi"}""", timeout: TimeSpan.FromSeconds(30));
        FakeRuntimeApiResult result = await _api.WaitForResultAsync(invocation.RequestId, s_timeout);

        Assert.Equal(FakeRuntimeApiResultKind.Response, result.Kind);
        Assert.Equal("application/json", result.ContentType);
        var response = JsonSerializer.Deserialize(result.Body, TestJsonContext.Default.TestResponse)!;
        Assert.Equal("hi", response.Echo);
        Assert.Equal(invocation.RequestId, response.RequestId);
        Assert.Equal("TestFunction", response.FunctionName);
        Assert.Equal(invocation.FunctionArn, response.FunctionArn);
        Assert.Equal(invocation.TraceId, response.TraceId);
        Assert.Equal(invocation.TraceId, response.TraceEnvironment);
        Assert.InRange(response.RemainingMs, 20_000, 30_000);
        Assert.Equal(0, await run.StopAsync());
    }

    [Fact]
    public async Task HandlerThrows_ErrorIsPosted_AndTheLoopServesTheNextInvocation()
    {
        await using var run = RunningBootstrap.Start(_api.Address, (_, _) => (request, context) =>
            request.Message == "fail" ? throw new InvalidOperationException("handler broke") : EchoAsync(request, context));

        FakeRuntimeApiInvocation failing = _api.Enqueue("""{"message":"fail"}""");
        FakeRuntimeApiInvocation next = _api.Enqueue("""{"message":"ok"}""");

        FakeRuntimeApiResult error = await _api.WaitForResultAsync(failing.RequestId, s_timeout);
        Assert.Equal(FakeRuntimeApiResultKind.InvocationError, error.Kind);
        Assert.Equal("application/vnd.aws.lambda.error+json", error.ContentType);
        Assert.Equal("InvalidOperationException", error.ErrorType);
        using (JsonDocument body = JsonDocument.Parse(error.Body))
        {
            Assert.Equal("InvalidOperationException", body.RootElement.GetProperty("errorType").GetString());
            Assert.Equal("handler broke", body.RootElement.GetProperty("errorMessage").GetString());
            Assert.NotEqual(0, body.RootElement.GetProperty("stackTrace").GetArrayLength());
        }

        Assert.Equal(FakeRuntimeApiResultKind.Response, (await _api.WaitForResultAsync(next.RequestId, s_timeout)).Kind);
        Assert.Equal(0, await run.StopAsync());
        string errorLine = Assert.Single(run.OutputLines(), line => line.Contains("\tERROR\t"));
        Assert.Contains(failing.RequestId, errorLine);
        Assert.Contains("handler broke", errorLine);
    }

    [Fact]
    public async Task TraceIdEnvironment_IsClearedForAnInvocationWithoutTraceHeader()
    {
        await using var run = RunningBootstrap.Start(_api.Address, (_, _) => EchoAsync);

        FakeRuntimeApiInvocation traced = _api.Enqueue("""{"message":"a"}""");
        var untraced = new FakeRuntimeApiInvocation("req-untraced", """{"message":"b"}""", DateTimeOffset.UtcNow.AddSeconds(30)) { TraceId = null };
        _api.Enqueue(untraced);

        await _api.WaitForResultAsync(traced.RequestId, s_timeout);
        FakeRuntimeApiResult result = await _api.WaitForResultAsync(untraced.RequestId, s_timeout);
        var response = JsonSerializer.Deserialize(result.Body, TestJsonContext.Default.TestResponse)!;
        Assert.Null(response.TraceId);
        Assert.Null(response.TraceEnvironment);
    }

    [Fact]
    public async Task RuntimeApiRefusesTheOutcome_IsLogged_AndTheLoopGoesOn()
    {
        await using var run = RunningBootstrap.Start(_api.Address, (_, _) => EchoAsync);

        // The fake answers 400 to a second outcome for the same request id.
        FakeRuntimeApiInvocation first = _api.Enqueue("""{"message":"a"}""", requestId: "req-dup");
        _api.Enqueue("""{"message":"b"}""", requestId: "req-dup");
        FakeRuntimeApiInvocation last = _api.Enqueue("""{"message":"c"}""");

        await _api.WaitForResultAsync(first.RequestId, s_timeout);
        Assert.Equal(FakeRuntimeApiResultKind.Response, (await _api.WaitForResultAsync(last.RequestId, s_timeout)).Kind);
        Assert.Equal(0, await run.StopAsync());
        Assert.Contains(run.OutputLines(), line => line.Contains("\treq-dup\tERROR\t") && line.Contains("400"));
    }

    [Theory]
    [InlineData("""{"message":""", "not valid JSON for TestRequest")]
    [InlineData("null", "JSON null; expected TestRequest")]
    [InlineData("", "empty; expected JSON for TestRequest")]
    public async Task UnreadableRequestBody_IsAnInvocationError_AndTheLoopGoesOn(string body, string expected)
    {
        await using var run = RunningBootstrap.Start(_api.Address, (_, _) => EchoAsync);

        FakeRuntimeApiInvocation bad = _api.Enqueue(body);
        FakeRuntimeApiInvocation good = _api.Enqueue("""{"message":"ok"}""");

        FakeRuntimeApiResult error = await _api.WaitForResultAsync(bad.RequestId, s_timeout);
        Assert.Equal(FakeRuntimeApiResultKind.InvocationError, error.Kind);
        Assert.Equal("LambdaSerializationException", error.ErrorType);
        Assert.Contains(expected, error.Body);
        Assert.Equal(FakeRuntimeApiResultKind.Response, (await _api.WaitForResultAsync(good.RequestId, s_timeout)).Kind);
    }

    [Fact]
    public async Task MissingDeadlineHeader_IsAnInvocationErrorNamingTheHeader()
    {
        await using var run = RunningBootstrap.Start(_api.Address, (_, _) => EchoAsync);

        var invocation = new FakeRuntimeApiInvocation("req-no-deadline", """{"message":"x"}""", DateTimeOffset.UtcNow.AddSeconds(30))
        {
            OmittedHeaders = ["Lambda-Runtime-Deadline-Ms"],
        };
        _api.Enqueue(invocation);

        FakeRuntimeApiResult error = await _api.WaitForResultAsync(invocation.RequestId, s_timeout);
        Assert.Equal(FakeRuntimeApiResultKind.InvocationError, error.Kind);
        Assert.Contains("Lambda-Runtime-Deadline-Ms", error.Body);
    }

    [Fact]
    public async Task InitializeThrows_InitErrorNamesTheVariable_AndExitCodeIsNonZero()
    {
        await using var run = RunningBootstrap.Start(_api.Address, (env, _) =>
            throw new LambdaConfigurationException("AWS_IOT_HOST is not set; set it to your IoT data endpoint."));

        FakeRuntimeApiResult error = await _api.WaitForInitErrorAsync(s_timeout);

        Assert.Equal(FakeRuntimeApiResultKind.InitError, error.Kind);
        Assert.Equal("application/vnd.aws.lambda.error+json", error.ContentType);
        Assert.Equal("LambdaConfigurationException", error.ErrorType);
        Assert.Contains("AWS_IOT_HOST is not set", error.Body);
        Assert.Equal(1, await run.Completion);
        Assert.Equal(0, _api.NextRequestCount);
        Assert.Contains(run.OutputLines(), line => line.Contains("\tFATAL\t") && line.Contains("AWS_IOT_HOST"));
    }

    [Fact]
    public async Task MissingRuntimeApiVariable_ExitCodeIsNonZero_AndTheLogNamesIt()
    {
        bool initialized = false;
        await using var run = RunningBootstrap.Start(runtimeApi: null, (_, _) =>
        {
            initialized = true;
            return EchoAsync;
        });

        Assert.Equal(1, await run.Completion);
        Assert.False(initialized);
        Assert.Contains("AWS_LAMBDA_RUNTIME_API", Assert.Single(run.OutputLines()));
    }

    [Fact]
    public async Task Cancel_WhileWaitingForAnInvocation_ReturnsZero()
    {
        await using var run = RunningBootstrap.Start(_api.Address, (_, _) => EchoAsync);
        FakeRuntimeApiInvocation first = _api.Enqueue("""{"message":"a"}""");
        await _api.WaitForResultAsync(first.RequestId, s_timeout);

        Assert.Equal(0, await run.StopAsync());
    }

    [Fact]
    public async Task RuntimeApiGoesAway_LoopStops_WithNonZeroExitCode()
    {
        await using var run = RunningBootstrap.Start(_api.Address, (_, _) => EchoAsync);
        FakeRuntimeApiInvocation first = _api.Enqueue("""{"message":"a"}""");
        await _api.WaitForResultAsync(first.RequestId, s_timeout);

        await _api.DisposeAsync();

        Assert.Equal(1, await run.Completion);
        Assert.Contains(run.OutputLines(), line => line.Contains("\tFATAL\tRuntime API failed"));
    }

    [Fact]
    public async Task JsonLogFormat_HandlerLogs_AreJsonLinesWithTheRequestId()
    {
        await using var run = RunningBootstrap.Start(_api.Address, (_, log) =>
        {
            log.LogInformation("initialized");
            return (request, context) =>
            {
                context.Logger.LogInformation($"got\n{request.Message}");
                return EchoAsync(request, context);
            };
        }, logFormat: "JSON");

        FakeRuntimeApiInvocation invocation = _api.Enqueue("""{"message":"m"}""");
        await _api.WaitForResultAsync(invocation.RequestId, s_timeout);
        await run.StopAsync();

        string[] lines = run.OutputLines();
        Assert.Equal(2, lines.Length);
        using JsonDocument init = JsonDocument.Parse(lines[0]);
        Assert.False(init.RootElement.TryGetProperty("requestId", out _));
        using JsonDocument handler = JsonDocument.Parse(lines[1]);
        Assert.Equal("INFO", handler.RootElement.GetProperty("level").GetString());
        Assert.Equal("got\nm", handler.RootElement.GetProperty("message").GetString());
        Assert.Equal(invocation.RequestId, handler.RootElement.GetProperty("requestId").GetString());
    }

    private static Task<TestResponse> EchoAsync(TestRequest request, ILambdaContext context)
        => Task.FromResult(new TestResponse(
            request.Message, context.AwsRequestId, context.FunctionName, context.InvokedFunctionArn, context.TraceId,
            Environment.GetEnvironmentVariable("_X_AMZN_TRACE_ID"), context.RemainingTime.TotalMilliseconds));
}
