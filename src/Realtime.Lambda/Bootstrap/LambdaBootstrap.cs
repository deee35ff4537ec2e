using System.Text.Json.Serialization.Metadata;

namespace Realtime.Lambda;

/// <summary>Runs a function against the Lambda Runtime API (our stand-in for Amazon.Lambda.RuntimeSupport).</summary>
/// <remarks>
/// Failure contract: when the runtime cannot start (AWS_LAMBDA_RUNTIME_API missing, or <c>initialize</c> throws) or the
/// Runtime API fails, <c>RunAsync</c> logs one FATAL line, posts an init error when it can, sets
/// <see cref="Environment.ExitCode"/> to 1 and returns normally, so a Program that is just <c>await LambdaBootstrap.RunAsync(...)</c>
/// exits non-zero without an unhandled-exception dump on stderr. Cancelling the token stops the loop and returns normally.
/// </remarks>
public static class LambdaBootstrap
{
    /// <summary>
    /// Calls <paramref name="initialize"/> once (an exception becomes an init error naming the cause), then loops:
    /// next invocation, handler, response or invocation error, until cancelled.
    /// </summary>
    public static async Task RunAsync<TRequest, TResponse>(
        Func<IEnvironmentVariables, ILambdaLogger, LambdaHandler<TRequest, TResponse>> initialize,
        JsonTypeInfo<TRequest> requestType,
        JsonTypeInfo<TResponse> responseType,
        CancellationToken cancellationToken = default)
    {
        ParentDeathSignal.ArmFromEnvironment();
        int exitCode = await RunCoreAsync(initialize, requestType, responseType, BootstrapOptions.System, cancellationToken)
            .ConfigureAwait(false);
        if (exitCode != 0)
        {
            Environment.ExitCode = exitCode;
        }
    }

    /// <summary>
    /// Like <see cref="RunAsync{TRequest, TResponse}"/>, but the handler gets the request body as is (any bytes, even empty or
    /// not JSON), so a function that must answer every event itself (e.g. refuse hostile input with a normal response) can.
    /// </summary>
    public static async Task RunAsync<TResponse>(
        Func<IEnvironmentVariables, ILambdaLogger, LambdaHandler<ReadOnlyMemory<byte>, TResponse>> initialize,
        JsonTypeInfo<TResponse> responseType,
        CancellationToken cancellationToken = default)
    {
        ParentDeathSignal.ArmFromEnvironment();
        int exitCode = await RunCoreAsync(initialize, responseType, BootstrapOptions.System, cancellationToken).ConfigureAwait(false);
        if (exitCode != 0)
        {
            Environment.ExitCode = exitCode;
        }
    }

    /// <summary>The testable body of the typed <c>RunAsync</c>: returns the exit code instead of setting it.</summary>
    internal static Task<int> RunCoreAsync<TRequest, TResponse>(
        Func<IEnvironmentVariables, ILambdaLogger, LambdaHandler<TRequest, TResponse>> initialize,
        JsonTypeInfo<TRequest> requestType,
        JsonTypeInfo<TResponse> responseType,
        BootstrapOptions options,
        CancellationToken cancellationToken)
        => RunLoopAsync(initialize, RequestReaders.Json(requestType), responseType, options, cancellationToken);

    /// <summary>The testable body of the raw <c>RunAsync</c>: returns the exit code instead of setting it.</summary>
    internal static Task<int> RunCoreAsync<TResponse>(
        Func<IEnvironmentVariables, ILambdaLogger, LambdaHandler<ReadOnlyMemory<byte>, TResponse>> initialize,
        JsonTypeInfo<TResponse> responseType,
        BootstrapOptions options,
        CancellationToken cancellationToken)
        => RunLoopAsync(initialize, RequestReaders.Raw, responseType, options, cancellationToken);

    private static async Task<int> RunLoopAsync<TRequest, TResponse>(
        Func<IEnvironmentVariables, ILambdaLogger, LambdaHandler<TRequest, TResponse>> initialize,
        Func<byte[], TRequest> readRequest,
        JsonTypeInfo<TResponse> responseType,
        BootstrapOptions options,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(initialize);
        ArgumentNullException.ThrowIfNull(responseType);

        var settings = FunctionSettings.From(options.Environment);
        var logger = new LambdaConsoleLogger(options.Output, settings.LogFormat, settings.MinimumLevel, options.TimeProvider);

        if (!RuntimeApiClient.TryCreateBaseAddress(options.Environment.Get(EnvironmentVariableNames.RuntimeApi), out Uri? baseAddress))
        {
            // Nowhere to post an init error: all we can do is say so and exit non-zero.
            logger.Log(LambdaLogLevel.Critical,
                $"{EnvironmentVariableNames.RuntimeApi} is not set or not a host:port. The function must run inside Lambda "
                + "or against a Runtime API emulator (see docs/runtime.md).");
            return 1;
        }

        using var client = new RuntimeApiClient(baseAddress);

        LambdaHandler<TRequest, TResponse> handler;
        try
        {
            handler = initialize(options.Environment, logger)
                ?? throw new InvalidOperationException("The initialize callback returned no handler.");
        }
        catch (Exception ex)
        {
            logger.Log(LambdaLogLevel.Critical, $"Init failed: {ex.GetType().Name}: {ex.Message}");
            await TryReportInitErrorAsync(client, ex, logger, cancellationToken).ConfigureAwait(false);
            return 1;
        }

        var loop = new InvocationLoop<TRequest, TResponse>(
            client, handler, readRequest, responseType, settings, logger, options.TimeProvider);
        try
        {
            await loop.RunAsync(cancellationToken).ConfigureAwait(false);
            return 0;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return 0;
        }
        catch (Exception ex) when (ex is HttpRequestException or RuntimeApiException)
        {
            logger.Log(LambdaLogLevel.Critical, $"Runtime API failed, stopping: {ex.Message}");
            return 1;
        }
    }

    private static async Task TryReportInitErrorAsync(
        RuntimeApiClient client, Exception error, ILambdaLogger logger, CancellationToken cancellationToken)
    {
        try
        {
            await client.ReportInitErrorAsync(LambdaErrorBody.From(error), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or RuntimeApiException or OperationCanceledException)
        {
            logger.Log(LambdaLogLevel.Error, $"Could not post the init error: {ex.Message}");
        }
    }
}
