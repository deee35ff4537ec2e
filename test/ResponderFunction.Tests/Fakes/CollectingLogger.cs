using Realtime.Lambda;

namespace ResponderFunction.Tests.Fakes;

/// <summary>Collects log lines so tests can check what was (and was not) logged.</summary>
public sealed class CollectingLogger : ILambdaLogger
{
    private readonly Lock _gate = new();
    private readonly List<(LambdaLogLevel Level, string Message)> _entries = [];

    public IReadOnlyList<(LambdaLogLevel Level, string Message)> Entries
    {
        get
        {
            lock (_gate)
            {
                return _entries.ToList();
            }
        }
    }

    public IEnumerable<string> Errors => Entries.Where(e => e.Level >= LambdaLogLevel.Error).Select(e => e.Message);

    public void Log(LambdaLogLevel level, string message)
    {
        lock (_gate)
        {
            _entries.Add((level, message));
        }
    }

    public override string ToString() => string.Join(Environment.NewLine, Entries.Select(e => $"{e.Level}: {e.Message}"));
}
