using System.Diagnostics;
using System.Reflection;
using System.Text;

namespace ResponderFunction.Tests.Support;

/// <summary>
/// The real ResponderFunction executable (<c>dotnet ResponderFunction.dll</c>) as a child process with only the environment
/// given (inherited AWS_* and responder settings are removed so the machine cannot change the outcome). Collects output.
/// Shared with bench/ResponderBench (linked source), so it depends on nothing but the BCL.
/// </summary>
internal sealed class ResponderProcess : IAsyncDisposable
{
    private static readonly string[] OwnSettings = ["TOPIC_PREFIX", "SESSION_IDLE_SECONDS", "DEADLINE_MARGIN_SECONDS", "_HANDLER"];
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Lock _outputLock = new();
    private TaskCompletionSource<string> _lineWaiter = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private string? _lineNeedle;

    private ResponderProcess(Process process) => _process = process;

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

    public static ResponderProcess Start(IReadOnlyDictionary<string, string> environment)
    {
        var startInfo = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add(AssemblyPath());
        foreach (string name in startInfo.Environment.Keys.ToList())
        {
            if (name.StartsWith("AWS_", StringComparison.Ordinal) || name.StartsWith("_X_AMZN", StringComparison.Ordinal) || OwnSettings.Contains(name))
            {
                startInfo.Environment.Remove(name);
            }
        }

        foreach ((string name, string value) in environment)
        {
            startInfo.Environment[name] = value;
        }

        var process = new Process { StartInfo = startInfo };
        var responder = new ResponderProcess(process);
        process.OutputDataReceived += (_, e) => responder.Append(e.Data);
        process.ErrorDataReceived += (_, e) => responder.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return responder;
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
            throw new TimeoutException($"ResponderFunction wrote no line with '{needle}' within {timeout.TotalSeconds:0} s. Output:\n{Output}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(cancel.Token);
        }

        _process.Dispose();
    }

    /// <summary>
    /// ResponderFunction.dll: from the output directory recorded at build time (same configuration as the caller), else the
    /// newest Debug or Release build found above the caller's directory.
    /// </summary>
    public static string AssemblyPath()
    {
        const string fileName = "ResponderFunction.dll";
        string? recorded = typeof(ResponderProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .SingleOrDefault(a => a.Key == "ResponderFunctionOutputDir")?.Value;
        if (recorded is not null && IsRunnable(recorded))
        {
            return Path.Combine(recorded, fileName);
        }

        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            string bin = Path.Combine(directory.FullName, "src", "ResponderFunction", "bin");
            if (Directory.Exists(bin))
            {
                string? newest = Directory.EnumerateFiles(bin, fileName, SearchOption.AllDirectories)
                    .Where(path => IsRunnable(Path.GetDirectoryName(path)!))
                    .OrderByDescending(File.GetLastWriteTimeUtc)
                    .FirstOrDefault();
                if (newest is not null)
                {
                    return newest;
                }
            }
        }

        throw new FileNotFoundException($"{fileName} was not found (looked in '{recorded}' and src/ResponderFunction/bin); build the responder first.");
    }

    private static bool IsRunnable(string directory)
        => File.Exists(Path.Combine(directory, "ResponderFunction.dll")) && File.Exists(Path.Combine(directory, "ResponderFunction.runtimeconfig.json"));

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
