using Realtime.LocalCloud.Hosting;
using Realtime.LocalCloud.Sam;

namespace Realtime.LocalCloud.Functions;

/// <summary>
/// The execution environments of one function: an idle one is reused (warm start), a new one is started when all are busy
/// (cold start), dead ones are dropped. ReservedConcurrentExecutions, when set, caps how many run at once.
/// </summary>
internal sealed class FunctionPool : IAsyncDisposable
{
    private readonly FunctionDefinition _function;
    private readonly FunctionExecutable _executable;
    private readonly Func<IReadOnlyDictionary<string, string>> _environment;
    private readonly LocalLog _log;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly List<FunctionInstance> _all = [];
    private readonly Stack<FunctionInstance> _idle = new();
    private readonly SemaphoreSlim? _concurrency;

    public FunctionPool(FunctionDefinition function, FunctionExecutable executable, Func<IReadOnlyDictionary<string, string>> environment, LocalLog log, TimeProvider time)
    {
        _function = function;
        _executable = executable;
        _environment = environment;
        _log = log;
        _time = time;
        _concurrency = function.ReservedConcurrency is > 0 and var n ? new SemaphoreSlim(n, n) : null;
    }

    public FunctionDefinition Function => _function;

    /// <summary>Execution environments started so far (cold starts), for tests and the status line.</summary>
    public int ColdStarts { get; private set; }

    /// <summary>The process ids of this function's execution environments that have not been disposed.</summary>
    public IReadOnlyList<int> ProcessIds()
    {
        lock (_gate)
        {
            return _all.Select(i => i.ProcessId).OfType<int>().ToList();
        }
    }

    public async Task<InvocationResult> InvokeAsync(byte[] payload, CancellationToken cancellationToken)
    {
        if (_concurrency is not null)
        {
            await _concurrency.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        try
        {
            FunctionInstance instance = await AcquireAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return await instance.InvokeAsync(new Invocation(payload)).ConfigureAwait(false);
            }
            finally
            {
                await ReleaseAsync(instance).ConfigureAwait(false);
            }
        }
        finally
        {
            _concurrency?.Release();
        }
    }

    private async Task<FunctionInstance> AcquireAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            while (_idle.TryPop(out FunctionInstance? idle))
            {
                if (idle.IsAlive)
                {
                    return idle;
                }
            }
        }

        var instance = new FunctionInstance(_function, _log, _time);
        lock (_gate)
        {
            _all.Add(instance);
            ColdStarts++;
        }

        _log.Write(_function.Name, $"starting execution environment {instance.Id} ({Path.GetFileName(_executable.Path)}, {_function.MemorySizeMb} MB, timeout {_function.TimeoutSeconds} s)");
        await instance.StartAsync(_executable, _environment(), cancellationToken).ConfigureAwait(false);
        return instance;
    }

    private async Task ReleaseAsync(FunctionInstance instance)
    {
        if (instance.IsAlive)
        {
            lock (_gate)
            {
                _idle.Push(instance);
            }

            return;
        }

        lock (_gate)
        {
            _all.Remove(instance);
        }

        await instance.DisposeAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        FunctionInstance[] all;
        lock (_gate)
        {
            all = [.. _all];
            _all.Clear();
            _idle.Clear();
        }

        await Task.WhenAll(all.Select(i => i.DisposeAsync().AsTask())).ConfigureAwait(false);
    }
}
