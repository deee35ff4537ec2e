using Realtime.Lambda.TestUtilities;

namespace Realtime.Lambda.Tests.Bootstrap;

/// <summary>LambdaBootstrap running in the background against a fake Runtime API, with its stdout captured.</summary>
internal sealed class RunningBootstrap : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly CancellationTokenSource _stop = new();
    private readonly StringWriter _output = new();
    private readonly Task<int> _run;

    private RunningBootstrap(
        Func<BootstrapOptions, CancellationToken, Task<int>> run,
        DictionaryEnvironmentVariables environment)
    {
        var options = new BootstrapOptions { Environment = environment, Output = TextWriter.Synchronized(_output) };
        _run = Task.Run(() => run(options, _stop.Token));
    }

    public static RunningBootstrap Start(
        string? runtimeApi,
        Func<IEnvironmentVariables, ILambdaLogger, LambdaHandler<TestRequest, TestResponse>> initialize,
        string? logFormat = null)
        => new(
            (options, ct) => LambdaBootstrap.RunCoreAsync(
                initialize, TestJsonContext.Default.TestRequest, TestJsonContext.Default.TestResponse, options, ct),
            NewEnvironment(runtimeApi, logFormat));

    /// <summary>The raw-body overload: the handler gets the request bytes as they came.</summary>
    public static RunningBootstrap StartRaw(
        string? runtimeApi, Func<IEnvironmentVariables, ILambdaLogger, LambdaHandler<ReadOnlyMemory<byte>, TestResponse>> initialize)
        => new(
            (options, ct) => LambdaBootstrap.RunCoreAsync(initialize, TestJsonContext.Default.TestResponse, options, ct),
            NewEnvironment(runtimeApi, logFormat: null));

    private static DictionaryEnvironmentVariables NewEnvironment(string? runtimeApi, string? logFormat)
    {
        var environment = new DictionaryEnvironmentVariables
        {
            ["AWS_LAMBDA_RUNTIME_API"] = runtimeApi,
            ["AWS_LAMBDA_FUNCTION_NAME"] = "TestFunction",
            ["AWS_LAMBDA_FUNCTION_VERSION"] = "$LATEST",
            ["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] = "512",
            ["AWS_LAMBDA_LOG_FORMAT"] = logFormat,
        };
        return environment;
    }

    /// <summary>Waits for the loop to end by itself (init failure, Runtime API failure).</summary>
    public Task<int> Completion => _run.WaitAsync(Timeout);

    /// <summary>Cancels the loop and returns its exit code.</summary>
    public async Task<int> StopAsync()
    {
        await _stop.CancelAsync();
        return await _run.WaitAsync(Timeout);
    }

    /// <summary>The stdout lines so far (read after the loop ended for a stable result).</summary>
    public string[] OutputLines() => _output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public async ValueTask DisposeAsync()
    {
        if (!_run.IsCompleted)
        {
            await StopAsync();
        }

        _stop.Dispose();
    }
}
