using System.Diagnostics;
using System.Reflection;
using System.Text;

namespace SessionFunction.Tests.Support;

/// <summary>
/// The real SessionFunction executable (<c>dotnet SessionFunction.dll</c>) as a child process, with only the environment
/// the test gives it (inherited AWS settings are removed so the machine cannot change the outcome). Collects stdout/stderr.
/// </summary>
internal sealed class FunctionProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Lock _outputLock = new();

    private FunctionProcess(Process process) => _process = process;

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

    public static FunctionProcess Start(IReadOnlyDictionary<string, string> environment)
    {
        var startInfo = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add(FunctionAssemblyPath());
        foreach (string name in startInfo.Environment.Keys.ToList())
        {
            if (name.StartsWith("AWS_", StringComparison.Ordinal) || name.StartsWith("_X_AMZN", StringComparison.Ordinal)
                || name is "CLIENT_ROLE_ARN" or "TOPIC_PREFIX" or "ALLOWED_ORIGIN" or "SHARED_TOPIC" or "URL_EXPIRY_SECONDS" or "_HANDLER")
            {
                startInfo.Environment.Remove(name);
            }
        }

        foreach ((string name, string value) in environment)
        {
            startInfo.Environment[name] = value;
        }

        var process = new Process { StartInfo = startInfo };
        var function = new FunctionProcess(process);
        process.OutputDataReceived += (_, e) => function.Append(e.Data);
        process.ErrorDataReceived += (_, e) => function.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return function;
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
            throw new TimeoutException($"SessionFunction did not exit within {timeout.TotalSeconds:0} s. Output:\n{Output}");
        }

        return _process.ExitCode;
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
    /// SESSION_FUNCTION_DLL when set (to measure a published build, e.g. ReadyToRun); else SessionFunction.dll from the
    /// function's own build output (recorded at build time for this configuration), or the copy the project reference put
    /// next to the test assembly.
    /// </summary>
    public static string FunctionAssemblyPath()
    {
        string? overridePath = Environment.GetEnvironmentVariable("SESSION_FUNCTION_DLL");
        if (!string.IsNullOrEmpty(overridePath))
        {
            return File.Exists(overridePath)
                ? Path.GetFullPath(overridePath)
                : throw new FileNotFoundException($"SESSION_FUNCTION_DLL points to '{overridePath}', which does not exist.");
        }

        string? ownOutput = typeof(FunctionProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .SingleOrDefault(a => a.Key == "SessionFunctionOutputDir")?.Value;
        foreach (string? directory in new[] { ownOutput, AppContext.BaseDirectory })
        {
            if (directory is not null && File.Exists(Path.Combine(directory, "SessionFunction.runtimeconfig.json")))
            {
                return Path.Combine(directory, "SessionFunction.dll");
            }
        }

        throw new FileNotFoundException(
            $"SessionFunction.dll was not found in '{ownOutput}' or '{AppContext.BaseDirectory}'; build test/SessionFunction.Tests first.");
    }

    /// <summary>The dotnet host that runs the tests (the SDK sets DOTNET_HOST_PATH), else `dotnet` from PATH.</summary>
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

        lock (_outputLock)
        {
            _output.AppendLine(line);
        }
    }
}
