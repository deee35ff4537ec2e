using System.Diagnostics;
using System.Text;
using Realtime.Hosting;

namespace Realtime.TestSupport;

/// <summary>
/// A function's real executable (<c>dotnet &lt;Name&gt;.dll</c>) as a child process with only the environment given: inherited
/// AWS_*, _X_AMZN* and the function's own settings are removed so the machine cannot change the outcome. Point it at a
/// <see cref="FakeRuntimeApi"/> with AWS_LAMBDA_RUNTIME_API. Collects stdout and stderr. Started through
/// <see cref="ChildProcesses"/>: a test host that dies without disposing (SIGKILL by a hang timeout, a crash) takes the
/// function with it.
/// </summary>
public sealed class FunctionProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _name;
    private readonly StringBuilder _output = new();
    private readonly Lock _outputLock = new();
    private TaskCompletionSource<string> _lineWaiter = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private string? _lineNeedle;

    private FunctionProcess(Process process, string name)
    {
        _process = process;
        _name = name;
    }

    /// <summary>The running process.</summary>
    public Process Process => _process;

    /// <summary>Everything the function wrote to stdout and stderr so far.</summary>
    public string Output
    {
        get
        {
            lock (_outputLock)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts <paramref name="executable"/> with <paramref name="environment"/>, after removing inherited AWS settings and <paramref name="ownSettings"/>.</summary>
    public static async Task<FunctionProcess> StartAsync(
        FunctionBuild executable, IReadOnlyDictionary<string, string> environment, IEnumerable<string> ownSettings)
    {
        ArgumentNullException.ThrowIfNull(executable);
        ArgumentNullException.ThrowIfNull(environment);
        var removed = new HashSet<string>(ownSettings, StringComparer.Ordinal) { "_HANDLER" };
        // A dll runs under the dotnet host; anything else is a native (AOT) executable and runs as it is deployed.
        bool managed = executable.AssemblyPath.EndsWith(".dll", StringComparison.OrdinalIgnoreCase);
        var startInfo = new ProcessStartInfo(managed ? DotnetHost() : executable.AssemblyPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (managed)
        {
            startInfo.ArgumentList.Add(executable.AssemblyPath);
        }

        foreach (string name in startInfo.Environment.Keys.ToList())
        {
            if (name.StartsWith("AWS_", StringComparison.Ordinal) || name.StartsWith("_X_AMZN", StringComparison.Ordinal) || removed.Contains(name))
            {
                startInfo.Environment.Remove(name);
            }
        }

        foreach ((string name, string value) in environment)
        {
            startInfo.Environment[name] = value;
        }

        Process process = await ChildProcesses.StartAsync(startInfo).ConfigureAwait(false);
        var function = new FunctionProcess(process, executable.Name);
        // Nothing is read before BeginOutputReadLine (the pipes buffer), so with the handlers attached first no line is lost.
        process.OutputDataReceived += (_, e) => function.Append(e.Data);
        process.ErrorDataReceived += (_, e) => function.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return function;
    }

    /// <summary>Waits (bounded) for an output line containing <paramref name="needle"/>.</summary>
    public async Task<string> WaitForLineAsync(string needle, TimeSpan timeout)
    {
        Task<string> wait;
        lock (_outputLock)
        {
            string? existing = _output.ToString().Split('\n').FirstOrDefault(l => l.Contains(needle, StringComparison.Ordinal));
            if (existing is not null)
            {
                return existing;
            }

            _lineNeedle = needle;
            _lineWaiter = new(TaskCreationOptions.RunContinuationsAsynchronously);
            wait = _lineWaiter.Task;
        }

        try
        {
            return await wait.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"{_name} wrote no line with '{needle}' within {timeout.TotalSeconds:0} s. Output:\n{Output}");
        }
    }

    /// <summary>Waits for the process to end on its own and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{_name} did not exit within {timeout.TotalSeconds:0} s. Output:\n{Output}");
        }

        return _process.ExitCode;
    }

    /// <summary>Kills the process tree if it still runs.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            ChildProcesses.Kill(_process);
            using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(cancel.Token);
        }

        _process.Dispose();
    }

    /// <summary>The dotnet host that runs this process (the SDK sets DOTNET_HOST_PATH for tests), else `dotnet` from PATH.</summary>
    private static string DotnetHost()
    {
        string? host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(host) && File.Exists(host))
        {
            return host;
        }

        string? current = Environment.ProcessPath;
        return current is not null && Path.GetFileNameWithoutExtension(current) == "dotnet" ? current : "dotnet";
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        TaskCompletionSource<string>? matched = null;
        lock (_outputLock)
        {
            _output.AppendLine(line);
            if (_lineNeedle is not null && line.Contains(_lineNeedle, StringComparison.Ordinal))
            {
                _lineNeedle = null;
                matched = _lineWaiter;
            }
        }

        matched?.TrySetResult(line);
    }
}
