using System.Text;
using System.Text.Json;
using Realtime.TestSupport;

namespace Realtime.Lambda.Tests.Bootstrap;

/// <summary>The raw-body overload over real HTTP against an in-process Runtime API: every body reaches the handler.</summary>
public sealed class LambdaBootstrapRawTests : IAsyncLifetime
{
    private static readonly TimeSpan s_timeout = RunningBootstrap.Timeout;
    private FakeRuntimeApi _api = null!;

    public async Task InitializeAsync() => _api = await FakeRuntimeApi.StartAsync();

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Theory]
    [InlineData("""{"message":"hi"}""")]
    [InlineData("not json")]
    [InlineData("""{"message":""")]
    [InlineData("null")]
    [InlineData("")]
    [InlineData("""{"channelId":"\ud800"}""")]
    public async Task AnyBody_ReachesTheHandlerAsIs_AndItsResultIsTheResponse(string body)
    {
        await using var run = RunningBootstrap.StartRaw(_api.Address, (_, _) => EchoRawAsync);

        FakeRuntimeApiInvocation invocation = _api.Enqueue(body);
        FakeRuntimeApiResult result = await _api.WaitForResultAsync(invocation.RequestId, s_timeout);

        Assert.Equal(FakeRuntimeApiResultKind.Response, result.Kind);
        var response = JsonSerializer.Deserialize(result.Body, TestJsonContext.Default.TestResponse)!;
        Assert.Equal(body, response.Echo);
        Assert.Equal(invocation.RequestId, response.RequestId);
        Assert.Equal(0, await run.StopAsync());
        Assert.DoesNotContain(run.OutputLines(), line => line.Contains("\tERROR\t"));
    }

    [Fact]
    public async Task RawHandlerThrows_ErrorIsPosted_AndTheLoopServesTheNextInvocation()
    {
        await using var run = RunningBootstrap.StartRaw(_api.Address, (_, _) => (body, context) =>
            body.Span.SequenceEqual("fail"u8) ? throw new InvalidOperationException("raw handler broke") : EchoRawAsync(body, context));

        FakeRuntimeApiInvocation failing = _api.Enqueue("fail");
        FakeRuntimeApiInvocation next = _api.Enqueue("ok");

        FakeRuntimeApiResult error = await _api.WaitForResultAsync(failing.RequestId, s_timeout);
        Assert.Equal(FakeRuntimeApiResultKind.InvocationError, error.Kind);
        Assert.Equal("InvalidOperationException", error.ErrorType);
        Assert.Equal(FakeRuntimeApiResultKind.Response, (await _api.WaitForResultAsync(next.RequestId, s_timeout)).Kind);
    }

    [Fact]
    public async Task RawInitializeThrows_ExitCodeIsNonZero()
    {
        await using var run = RunningBootstrap.StartRaw(_api.Address, (_, _) => throw new LambdaConfigurationException("RAW_SETTING is not set."));

        Assert.Equal(1, await run.Completion);
        Assert.Contains(run.OutputLines(), line => line.Contains("RAW_SETTING"));
    }

    private static Task<TestResponse> EchoRawAsync(ReadOnlyMemory<byte> body, ILambdaContext context)
        => Task.FromResult(new TestResponse(
            Encoding.UTF8.GetString(body.Span), context.AwsRequestId, context.FunctionName, context.InvokedFunctionArn,
            context.TraceId, TraceEnvironment: null, context.RemainingTime.TotalMilliseconds));
}
