using Realtime.LocalCloud.Hosting;
using Realtime.LocalCloud.Iam;
using Realtime.LocalCloud.Sam;

namespace Realtime.LocalCloud.Functions;

/// <summary>
/// The Lambda emulation: one pool per function of the template, synchronous invokes (API Gateway) and asynchronous event
/// invokes (IoT rules) with Lambda's retry policy: after a function error, up to MaximumRetryAttempts more tries (the
/// template's EventInvokeConfig; AWS's default is 2), the first after about a minute, the second after about two.
/// </summary>
internal sealed class LambdaService : IAsyncDisposable
{
    private readonly Dictionary<string, FunctionPool> _pools = new(StringComparer.Ordinal);
    private readonly LocalLog _log;
    private readonly TimeSpan _retryDelay;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _eventInvokes = [];
    private readonly Lock _gate = new();

    public LambdaService(
        LocalTemplate template, string root, CredentialStore credentials, IReadOnlyDictionary<string, string> environmentOverrides,
        LocalLog log, TimeProvider time, TimeSpan retryDelay, string? functionsFolder = null)
    {
        _log = log;
        _retryDelay = retryDelay;
        foreach (FunctionDefinition function in template.Functions)
        {
            FunctionExecutable executable = FunctionLocator.Locate(root, function, functionsFolder);
            RoleDefinition role = template.Roles[function.RoleName];
            _pools[function.Name] = new FunctionPool(function, executable,
                () => FunctionEnvironment.Build(function, credentials.IssueRoleSession(role, function.Name, null, TimeSpan.FromHours(12)), environmentOverrides),
                log, time);
        }
    }

    public IReadOnlyCollection<FunctionPool> Pools => _pools.Values;

    public FunctionPool Pool(string functionName) =>
        _pools.TryGetValue(functionName, out FunctionPool? pool) ? pool : throw new InvalidOperationException($"no function named {functionName}");

    /// <summary>RequestResponse invocation: waits for the result.</summary>
    public Task<InvocationResult> InvokeAsync(string functionName, byte[] payload, CancellationToken cancellationToken) =>
        Pool(functionName).InvokeAsync(payload, cancellationToken);

    /// <summary>Event invocation: queued, returns at once; errors are retried per the function's MaximumRetryAttempts.</summary>
    public void InvokeEvent(string functionName, byte[] payload)
    {
        FunctionPool pool = Pool(functionName);
        Task task = Task.Run(() => RunEventAsync(pool, payload));
        lock (_gate)
        {
            _eventInvokes.RemoveAll(t => t.IsCompleted);
            _eventInvokes.Add(task);
        }
    }

    private async Task RunEventAsync(FunctionPool pool, byte[] payload)
    {
        int attempts = 1 + Math.Clamp(pool.Function.MaximumRetryAttempts, 0, 2);
        for (int attempt = 1; attempt <= attempts && !_stopping.IsCancellationRequested; attempt++)
        {
            try
            {
                InvocationResult result = await pool.InvokeAsync(payload, _stopping.Token).ConfigureAwait(false);
                if (!result.IsError)
                {
                    return;
                }

                _log.Write(pool.Function.Name, $"async invocation failed ({result.ErrorType}); attempt {attempt} of {attempts}");
                if (attempt < attempts)
                {
                    await Task.Delay(_retryDelay * attempt, _stopping.Token).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                _log.Write(pool.Function.Name, $"async invocation could not run: {e.Message}");
                return;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_pools.Values.Select(p => p.DisposeAsync().AsTask())).ConfigureAwait(false);
        Task[] pending;
        lock (_gate)
        {
            pending = [.. _eventInvokes];
        }

        await Task.WhenAll(pending).WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stopping.Dispose();
    }
}
