using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Realtime.Hosting;
using Realtime.LocalCloud.Hosting;
using Realtime.LocalCloud.Sam;

namespace Realtime.LocalCloud.Functions;

/// <summary>
/// One execution environment ("sandbox") of a function: its own Runtime API endpoint on a free loopback port and one child
/// process running the function's executable against it. It runs one invocation at a time; between invocations the
/// process waits in <c>GET /next</c>, which is what a warm Lambda instance looks like. The function's Timeout is enforced
/// from the moment the event is handed out: on expiry the process tree is killed and the invocation fails, as on AWS.
/// </summary>
internal sealed class FunctionInstance : IAsyncDisposable
{
    /// <summary>Lambda's limit on the init phase (process start to the first <c>GET /next</c>).</summary>
    public static readonly TimeSpan InitLimit = TimeSpan.FromSeconds(10);

    /// <summary>How much longer an init under qemu user-mode emulation may take (arm64 on an x64 machine).</summary>
    private const int EmulationSlowdown = 6;

    private static int s_nextId;

    private readonly FunctionDefinition _function;
    private readonly LocalLog _log;
    private readonly TimeProvider _time;
    private readonly Channel<Invocation> _pending = Channel.CreateBounded<Invocation>(1);
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _gate = new();
    private LoopbackServer? _server;
    private Process? _process;
    private Invocation? _current;
    private ITimer? _timeout;
    private ITimer? _initTimeout;
    private TimeSpan _initLimit = InitLimit;
    private long _dispatchedAt;
    private long _startedAt;
    private bool _initReported;
    private string? _initError;
    private string _initNote = "";
    private long _peakMemoryBytes;
    private volatile bool _killed;
    private volatile bool _initDone;

    public FunctionInstance(FunctionDefinition function, LocalLog log, TimeProvider time)
    {
        _function = function;
        _log = log;
        _time = time;
        Id = Interlocked.Increment(ref s_nextId);
    }

    public int Id { get; }

    /// <summary>False once the process has exited or been killed; the pool then drops the instance.</summary>
    public bool IsAlive => !_killed && !_exited.Task.IsCompleted;

    /// <summary>The process id, once started.</summary>
    public int? ProcessId { get; private set; }

    /// <summary>Completes when the process has exited.</summary>
    public Task Exited => _exited.Task;

    /// <summary>The invocation the process is running, or null between invocations.</summary>
    public Invocation? Current => _current;

    public async Task StartAsync(FunctionExecutable executable, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        _server = await LoopbackServer.StartAsync(0, app => app.Run(new RuntimeApiEndpoint(this, _function, _time).HandleAsync), cancellationToken).ConfigureAwait(false);
        ProcessStartInfo info = executable.CreateStartInfo();
        info.Environment.Clear();
        foreach (var (key, value) in FunctionEnvironment.Inherited())
        {
            info.Environment[key] = value;
        }

        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        info.Environment["AWS_LAMBDA_RUNTIME_API"] = $"127.0.0.1:{_server.Port}";
        info.WorkingDirectory = Path.GetDirectoryName(executable.Path)!;
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.RedirectStandardInput = true;
        _startedAt = _time.GetTimestamp();
        // Our functions' runtime host arms the parent-death signal itself: no setpriv exec in every cold start.
        _process = await ChildProcesses.StartAsync(info, childArmsParentDeathSignal: true).ConfigureAwait(false);
        ProcessId = _process.Id;
        // Lambda logs INIT_START when an execution environment begins its init phase; benchmarks time cold starts from it.
        _log.Write(_function.Name, $"INIT_START Runtime Version: {_function.Runtime} Architecture: {executable.Architecture.TemplateName}");
        // Lambda's init limit holds on real hardware; an executable emulated by qemu runs several times slower.
        _initLimit = executable.Architecture == ExecutableArchitecture.Host ? InitLimit : InitLimit * EmulationSlowdown;
        _initTimeout = _time.CreateTimer(_ => OnInitTimeout(), null, _initLimit, Timeout.InfiniteTimeSpan);
        _process.OutputDataReceived += (_, e) => LogOutput(e.Data);
        _process.ErrorDataReceived += (_, e) => LogOutput(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        _process.Exited += (_, _) => OnExited();
        if (_process.HasExited)
        {
            OnExited();
        }
    }

    /// <summary>Hands <paramref name="invocation"/> to the process (the pool guarantees one at a time) and awaits its end.</summary>
    public Task<InvocationResult> InvokeAsync(Invocation invocation)
    {
        if (!IsAlive || !_pending.Writer.TryWrite(invocation))
        {
            invocation.TryComplete(InvocationResult.Error("Runtime.Unavailable", "the execution environment is not available"));
        }

        return invocation.Completion;
    }

    /// <summary>
    /// The process's <c>GET /next</c>: ends the init phase, waits for the next invocation and starts its clock; null when the
    /// request is aborted or the environment is ending.
    /// </summary>
    public async Task<Invocation?> NextInvocationAsync(CancellationToken aborted)
    {
        OnInitDone();
        Invocation invocation;
        try
        {
            invocation = await _pending.Reader.ReadAsync(aborted).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or ChannelClosedException)
        {
            return null;
        }

        Dispatch(invocation);
        return invocation;
    }

    /// <summary>The process's <c>POST /init/error</c>: the init failed; the error is reported when the process exits.</summary>
    public void ReportInitError(string details)
    {
        _initError = details.Length > 0 ? details : "(no details)";
        _log.Write(_function.Name, $"INIT_ERROR {_initError}");
    }

    /// <summary>Ends <paramref name="invocation"/> with <paramref name="result"/> if it is still the current one, and logs its report.</summary>
    public void Finish(Invocation invocation, InvocationResult result)
    {
        lock (_gate)
        {
            if (!ReferenceEquals(_current, invocation))
            {
                return;
            }

            _current = null;
            _timeout?.Dispose();
            _timeout = null;
        }

        double ms = _time.GetElapsedTime(_dispatchedAt).TotalMilliseconds;
        long peakMb = PeakMemoryMb();
        _log.Write(_function.Name, $"END RequestId: {invocation.RequestId}");
        _log.Write(_function.Name,
            $"REPORT RequestId: {invocation.RequestId} Duration: {ms.ToString("F2", CultureInfo.InvariantCulture)} ms " +
            $"Billed Duration: {Math.Ceiling(ms)} ms Memory Size: {_function.MemorySizeMb} MB Max Memory Used: {peakMb} MB{_initNote}" +
            (result.IsError ? $" Status: {result.ErrorType}" : ""));
        _initNote = "";
        invocation.TryComplete(result);
    }

    private void LogOutput(string? line)
    {
        if (line is not null)
        {
            _log.Write(_function.Name, line);
        }
    }

    private void Dispatch(Invocation invocation)
    {
        lock (_gate)
        {
            _current = invocation;
            _dispatchedAt = _time.GetTimestamp();
            _timeout?.Dispose();
            _timeout = _time.CreateTimer(_ => OnTimeout(invocation), null, TimeSpan.FromSeconds(_function.TimeoutSeconds), Timeout.InfiniteTimeSpan);
        }

        _ = PeakMemoryMb();
        string init = _initReported ? "" : $" Init Duration: {_time.GetElapsedTime(_startedAt, _dispatchedAt).TotalMilliseconds:F2} ms";
        _initReported = true;
        _initNote = init;
        _log.Write(_function.Name, $"START RequestId: {invocation.RequestId} Version: $LATEST");
    }

    /// <summary>
    /// The process's peak resident memory so far, in MB. Sampled when an invocation starts and when it ends, so that an
    /// invocation during which the process dies still reports what it had reached (a dead process has no VmHWM).
    /// </summary>
    private long PeakMemoryMb()
    {
        if (ProcessId is { } id && ProcessMemory.PeakResidentBytes(id) is { } bytes)
        {
            Interlocked.Exchange(ref _peakMemoryBytes, Math.Max(Interlocked.Read(ref _peakMemoryBytes), bytes));
        }

        return ProcessMemory.ToMegabytes(Interlocked.Read(ref _peakMemoryBytes));
    }

    private void OnTimeout(Invocation invocation)
    {
        _log.Write(_function.Name, $"{DateTimeOffset.UtcNow:O} {invocation.RequestId} Task timed out after {_function.TimeoutSeconds}.00 seconds");
        // Dead from now on, before the caller hears of the timeout, so the pool never hands this environment out again.
        _killed = true;
        Finish(invocation, InvocationResult.Error("Sandbox.Timedout", $"Task timed out after {_function.TimeoutSeconds}.00 seconds"));
        Kill();
    }

    /// <summary>The first <c>GET /next</c> ends the init phase.</summary>
    private void OnInitDone()
    {
        if (!_initDone)
        {
            _initDone = true;
            _initTimeout?.Dispose();
        }
    }

    private void OnInitTimeout()
    {
        if (_initDone)
        {
            return;
        }

        _initError = $"the init phase did not finish within {_initLimit.TotalSeconds:F0} s (Runtime.InitTimeout)";
        _log.Write(_function.Name, $"INIT_REPORT Init Duration: {_initLimit.TotalMilliseconds:F2} ms Phase: init Status: timeout");
        Kill();
    }

    private void OnExited()
    {
        if (!_exited.TrySetResult())
        {
            return;
        }

        int code = SafeExitCode();
        string reason = _initError is null ? $"Runtime exited with error: exit status {code}" : $"init error: {_initError}";
        string type = _initError is null ? "Runtime.ExitError" : "Runtime.InitError";
        if (_current is { } current)
        {
            Finish(current, InvocationResult.Error(type, $"RequestId: {current.RequestId} Error: {reason}"));
        }

        while (_pending.Reader.TryRead(out Invocation? queued))
        {
            queued.TryComplete(InvocationResult.Error(type, reason));
        }

        _pending.Writer.TryComplete();
        _log.Write(_function.Name, $"execution environment {Id} ended ({reason})");
    }

    private int SafeExitCode()
    {
        try
        {
            return _process?.ExitCode ?? -1;
        }
        catch (InvalidOperationException)
        {
            return -1;
        }
    }

    private void Kill()
    {
        _killed = true;
        if (_process is { } process)
        {
            ChildProcesses.Kill(process);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        _pending.Writer.TryComplete();
        await _exited.Task.WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (_server is not null)
        {
            await _server.DisposeAsync().ConfigureAwait(false);
        }

        _timeout?.Dispose();
        _initTimeout?.Dispose();
        _process?.Dispose();
    }
}
