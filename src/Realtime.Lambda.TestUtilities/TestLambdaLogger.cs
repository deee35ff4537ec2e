using System.Text;

namespace Realtime.Lambda.TestUtilities;

/// <summary>A logger that keeps every entry in memory for assertions; thread-safe.</summary>
public sealed class TestLambdaLogger : ILambdaLogger
{
    private readonly Lock _lock = new();
    private readonly List<TestLogEntry> _entries = [];
    private readonly StringBuilder _buffer = new();

    /// <summary>Every message logged so far, one line each (as Amazon.Lambda.TestUtilities' Buffer).</summary>
    public string Buffer
    {
        get
        {
            lock (_lock)
            {
                return _buffer.ToString();
            }
        }
    }

    /// <summary>A snapshot of the entries logged so far, in order.</summary>
    public IReadOnlyList<TestLogEntry> Entries
    {
        get
        {
            lock (_lock)
            {
                return _entries.ToArray();
            }
        }
    }

    /// <summary>The messages logged at <see cref="LambdaLogLevel.Error"/> or above so far, in order.</summary>
    public IReadOnlyList<string> Errors => [.. Entries.Where(e => e.Level >= LambdaLogLevel.Error).Select(e => e.Message)];

    /// <inheritdoc />
    public void Log(LambdaLogLevel level, string message)
    {
        lock (_lock)
        {
            _entries.Add(new TestLogEntry(level, message));
            _buffer.AppendLine(message);
        }
    }
}
