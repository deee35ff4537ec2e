namespace Realtime.LocalCloud.Hosting;

/// <summary>
/// The local cloud's one log: every line is prefixed with its source ("[SessionFunction] ...", "[iot] ...") and written to
/// the console; tests subscribe to <see cref="Line"/> to wait for or assert on log lines. Never pass secrets here.
/// </summary>
internal sealed class LocalLog
{
    private readonly bool _console;
    private readonly object _gate = new();

    public LocalLog(bool console = true) => _console = console;

    /// <summary>Raised for every line, already prefixed; handlers must be quick and must not throw.</summary>
    public event Action<string>? Line;

    public void Write(string source, string message)
    {
        string line = $"[{source}] {message}";
        if (_console)
        {
            lock (_gate)
            {
                Console.Out.WriteLine(line);
            }
        }

        Line?.Invoke(line);
    }
}
