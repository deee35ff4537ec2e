using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Realtime.TestSupport;

/// <summary>
/// The local cloud (src/Realtime.LocalCloud) as a child process on free loopback ports, running the functions of one
/// folder (<c>--functions</c>). Every log line is kept with the time it arrived, for timing against REPORT/INIT_START lines.
/// </summary>
public sealed class LocalCloudProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<LogLine> _lines = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private LocalCloudProcess(Process process, int apiPort, int iotPort, int stsPort)
    {
        _process = process;
        ApiUrl = new Uri($"http://127.0.0.1:{apiPort}/");
        IotUrl = new Uri($"http://127.0.0.1:{iotPort}/");
        StsUrl = new Uri($"http://127.0.0.1:{stsPort}/");
    }

    public Uri ApiUrl { get; }

    public Uri IotUrl { get; }

    public Uri StsUrl { get; }

    public int ProcessId => _process.Id;

    public IReadOnlyCollection<LogLine> Lines => _lines;

    /// <summary>
    /// Starts the local cloud on <paramref name="functions"/>; waits for its banner. The idle window is 120 s, so a measured
    /// session never ends by itself on a loaded machine: every session ends with a bye.
    /// </summary>
    public static async Task<LocalCloudProcess> StartAsync(string root, string functions, IEnumerable<string> extraArguments, IDictionary<string, string>? environment = null)
    {
        string dll = Path.Combine(root, "src", "Realtime.LocalCloud", "bin", "Release", "net10.0", "Realtime.LocalCloud.dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"{dll} is missing: dotnet build src/Realtime.LocalCloud -c Release");
        }

        int[] ports = FreePorts(4);
        var info = new ProcessStartInfo(DotnetHost()) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (string argument in new[]
                 {
                     dll, "--root", root, "--functions", functions, "--api-port", Text(ports[0]), "--iot-port", Text(ports[1]),
                     "--sts-port", Text(ports[2]), "--demo-port", Text(ports[3]), "--parameter", "SessionIdleSeconds=120",
                 }.Concat(extraArguments))
        {
            info.ArgumentList.Add(argument);
        }

        // A JIT build's apphost finds the runtime through DOTNET_ROOT, which the local cloud passes on to functions.
        info.Environment["DOTNET_ROOT"] = Path.GetDirectoryName(DotnetHost()) ?? "/usr/share/dotnet";
        // No diagnostics IPC files (clr-debug-pipe-*, dotnet-diagnostic-*) in TMPDIR: a local cloud that has to be killed
        // (it did not stop within the grace period) would leave them behind.
        info.Environment["DOTNET_EnableDiagnostics"] = "0";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        // It is stopped with SIGINT (Ctrl+C), so that must not be ignored, even in a test run started in the background.
        var cloud = new LocalCloudProcess(Process.Start(DefaultSigint.Apply(info))!, ports[0], ports[1], ports[2]);
        cloud._process.EnableRaisingEvents = true;
        cloud._process.Exited += (_, _) => cloud._ready.TrySetException(new InvalidOperationException("the local cloud exited during start-up"));
        cloud._process.OutputDataReceived += (_, e) => cloud.OnLine(e.Data);
        cloud._process.ErrorDataReceived += (_, e) => cloud.OnLine(e.Data);
        cloud._process.BeginOutputReadLine();
        cloud._process.BeginErrorReadLine();
        try
        {
            await cloud._ready.Task.WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException)
        {
            await cloud.DisposeAsync();
            throw new InvalidOperationException("the local cloud did not start:" + Environment.NewLine + string.Join(Environment.NewLine, cloud._lines.Select(l => l.Text)), e);
        }

        return cloud;
    }

    /// <summary>Waits for a line (already seen or still to come) that <paramref name="match"/> accepts.</summary>
    public async Task<LogLine> WaitForLineAsync(Func<LogLine, bool> match, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (_lines.FirstOrDefault(match) is { } line)
            {
                return line;
            }

            await Task.Delay(2);
        }

        throw new TimeoutException($"no matching log line within {timeout.TotalSeconds} s; last lines:{Environment.NewLine}{string.Join(Environment.NewLine, _lines.TakeLast(15).Select(l => l.Text))}");
    }

    /// <summary>The REPORT line of <paramref name="requestId"/>'s invocation, parsed.</summary>
    public async Task<Report> ReportAsync(string function, string requestId, TimeSpan timeout)
    {
        LogLine line = await WaitForLineAsync(l => l.Text.StartsWith($"[{function}] REPORT RequestId: {requestId} ", StringComparison.Ordinal), timeout);
        return Report.Parse(line.Text);
    }

    /// <summary>The first REPORT of <paramref name="function"/> after the first <paramref name="seen"/> ones.</summary>
    public async Task<Report> NextReportAsync(string function, int seen, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            IReadOnlyList<Report> reports = Reports(function);
            if (reports.Count > seen)
            {
                return reports[seen];
            }

            await Task.Delay(2);
        }

        throw new TimeoutException($"no REPORT #{seen + 1} of {function} within {timeout.TotalSeconds} s");
    }

    /// <summary>The REPORT lines of <paramref name="function"/> seen so far.</summary>
    public IReadOnlyList<Report> Reports(string function) =>
        _lines.Where(l => l.Text.StartsWith($"[{function}] REPORT ", StringComparison.Ordinal)).Select(l => Report.Parse(l.Text)).ToList();

    /// <summary>
    /// SIGKILLs every running process of <paramref name="function"/> (child of the local cloud whose command line names
    /// &lt;functions&gt;/&lt;function&gt;/), so the next invocation starts a new execution environment: a cold start.
    /// </summary>
    public async Task KillFunctionProcessesAsync(string function)
    {
        List<int> killed = [];
        foreach (string dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out int pid))
            {
                continue;
            }

            try
            {
                string stat = await File.ReadAllTextAsync(Path.Combine(dir, "stat"));
                int parent = int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], CultureInfo.InvariantCulture);
                string commandLine = (await File.ReadAllTextAsync(Path.Combine(dir, "cmdline"))).Replace('\0', ' ');
                if (parent == ProcessId && commandLine.Contains($"/{function}/", StringComparison.Ordinal))
                {
                    Process.GetProcessById(pid).Kill();
                    killed.Add(pid);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
            {
                // The process ended while we looked.
            }
        }

        // The pool drops an instance when its process exits; give it the moment to notice.
        var deadline = Stopwatch.StartNew();
        while (killed.Any(pid => Directory.Exists($"/proc/{pid}")) && deadline.Elapsed < TimeSpan.FromSeconds(5))
        {
            await Task.Delay(10);
        }

        await Task.Delay(100);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // SIGINT, as Ctrl+C: the local cloud stops its broker and function processes.
            using (Process signal = Process.Start("kill", ["-INT", _process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await signal.WaitForExitAsync();
            }

            if (!await WaitExitAsync(TimeSpan.FromSeconds(20)))
            {
                _process.Kill(entireProcessTree: true);
                await WaitExitAsync(TimeSpan.FromSeconds(5));
            }
        }

        _process.Dispose();
    }

    private async Task<bool> WaitExitAsync(TimeSpan timeout)
    {
        try
        {
            await _process.WaitForExitAsync().WaitAsync(timeout);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    private void OnLine(string? text)
    {
        if (text is null)
        {
            return;
        }

        _lines.Enqueue(new LogLine(Stopwatch.GetTimestamp(), text));
        if (text.Contains("Local cloud is running", StringComparison.Ordinal))
        {
            _ready.TrySetResult();
        }
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static int[] FreePorts(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        listeners.ForEach(l => l.Start());
        int[] ports = listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        listeners.ForEach(l => l.Stop());
        return ports;
    }

    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host
        : Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self
        : "/usr/share/dotnet/dotnet";
}
