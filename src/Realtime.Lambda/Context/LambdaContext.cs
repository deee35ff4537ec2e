using System.Globalization;

namespace Realtime.Lambda;

/// <summary>The context of one invocation, built from the Runtime API headers and the function's settings.</summary>
internal sealed class LambdaContext : ILambdaContext
{
    private readonly DateTimeOffset _deadline;
    private readonly TimeProvider _timeProvider;

    private LambdaContext(
        string awsRequestId, DateTimeOffset deadline, string invokedFunctionArn, string? traceId,
        FunctionSettings settings, ILambdaLogger logger, TimeProvider timeProvider)
    {
        AwsRequestId = awsRequestId;
        InvokedFunctionArn = invokedFunctionArn;
        TraceId = traceId;
        FunctionName = settings.FunctionName;
        FunctionVersion = settings.FunctionVersion;
        MemoryLimitInMB = settings.MemoryLimitInMB;
        Logger = logger;
        _deadline = deadline;
        _timeProvider = timeProvider;
    }

    public string AwsRequestId { get; }

    public string FunctionName { get; }

    public string FunctionVersion { get; }

    public string InvokedFunctionArn { get; }

    public int MemoryLimitInMB { get; }

    public string? TraceId { get; }

    public TimeSpan RemainingTime
    {
        get
        {
            TimeSpan left = _deadline - _timeProvider.GetUtcNow();
            return left > TimeSpan.Zero ? left : TimeSpan.Zero;
        }
    }

    public ILambdaLogger Logger { get; }

    /// <summary>Builds the context; a missing or malformed required header throws an error that names it.</summary>
    public static LambdaContext Create(
        RuntimeInvocation invocation, FunctionSettings settings, ILambdaLogger logger, TimeProvider timeProvider)
    {
        string deadlineText = Required(invocation, RuntimeApiHeaders.DeadlineMs);
        if (!long.TryParse(deadlineText, NumberStyles.None, CultureInfo.InvariantCulture, out long deadlineMs)
            || deadlineMs > DateTimeOffset.MaxValue.ToUnixTimeMilliseconds())
        {
            throw new RuntimeApiException(
                $"The {RuntimeApiHeaders.DeadlineMs} header is not a Unix time in milliseconds: '{deadlineText}'.");
        }

        invocation.Headers.TryGetValue(RuntimeApiHeaders.TraceId, out string? traceId);
        return new LambdaContext(
            invocation.RequestId,
            DateTimeOffset.FromUnixTimeMilliseconds(deadlineMs),
            Required(invocation, RuntimeApiHeaders.InvokedFunctionArn),
            string.IsNullOrEmpty(traceId) ? null : traceId,
            settings,
            logger,
            timeProvider);
    }

    private static string Required(RuntimeInvocation invocation, string header)
        => invocation.Headers.TryGetValue(header, out string? value) && !string.IsNullOrWhiteSpace(value)
            ? value
            : throw new RuntimeApiException($"The Runtime API sent no {header} header for request {invocation.RequestId}.");
}
