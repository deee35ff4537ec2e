namespace Realtime.Lambda;

/// <summary>The runtime's logger: one line per event to stdout, tagged with the current invocation's request id.</summary>
/// <remarks>Thread-safe: handlers may log from background tasks; each line is written whole under a lock.</remarks>
internal sealed class LambdaConsoleLogger : ILambdaLogger
{
    private readonly TextWriter _output;
    private readonly LambdaLogFormat _format;
    private readonly LambdaLogLevel _minimumLevel;
    private readonly TimeProvider _timeProvider;
    private readonly Lock _writeLock = new();
    private volatile string? _requestId;

    public LambdaConsoleLogger(TextWriter output, LambdaLogFormat format, LambdaLogLevel minimumLevel, TimeProvider timeProvider)
    {
        _output = output;
        _format = format;
        _minimumLevel = minimumLevel;
        _timeProvider = timeProvider;
    }

    /// <summary>The request id of the invocation in progress; null between invocations (and during init).</summary>
    public string? RequestId
    {
        get => _requestId;
        set => _requestId = value;
    }

    public void Log(LambdaLogLevel level, string message)
    {
        if (level < _minimumLevel)
        {
            return;
        }

        string line = LambdaLogFormatter.Format(_format, _timeProvider.GetUtcNow(), _requestId, level, message ?? "");
        lock (_writeLock)
        {
            _output.WriteLine(line);
            _output.Flush();
        }
    }
}
