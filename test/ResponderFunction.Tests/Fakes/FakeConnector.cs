using ResponderFunction.Transport;

namespace ResponderFunction.Tests.Fakes;

/// <summary>Hands out <see cref="FakeConnection"/>s, or fails attempts as scripted with <see cref="FailNext"/>.</summary>
internal sealed class FakeConnector : IChannelConnector
{
    private readonly Lock _gate = new();
    private readonly Queue<ChannelConnectionException> _failures = new();
    private readonly List<ChannelConnectOptions> _attempts = [];
    private readonly List<FakeConnection> _connections = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Every failure from now on, until <see cref="FailAlways"/> is reset.</summary>
    public ChannelConnectionException? FailAlways { get; set; }

    /// <summary>Publishes on new connections wait for <see cref="FakeConnection.AckAll"/> or a drop instead of being acked at once.</summary>
    public bool HoldAcksOnNewConnections { get; set; }

    public IReadOnlyList<ChannelConnectOptions> Attempts
    {
        get
        {
            lock (_gate)
            {
                return _attempts.ToList();
            }
        }
    }

    public IReadOnlyList<FakeConnection> Connections
    {
        get
        {
            lock (_gate)
            {
                return _connections.ToList();
            }
        }
    }

    public void FailNext(int count, bool permanent = false)
    {
        lock (_gate)
        {
            for (int i = 0; i < count; i++)
            {
                _failures.Enqueue(new ChannelConnectionException("scripted failure", permanent));
            }
        }
    }

    public Task<IChannelConnection> ConnectAsync(ChannelConnectOptions options, CancellationToken cancellationToken)
    {
        TaskCompletionSource changed;
        try
        {
            lock (_gate)
            {
                _attempts.Add(options);
                if (FailAlways is { } always)
                {
                    throw always;
                }

                if (_failures.TryDequeue(out ChannelConnectionException? failure))
                {
                    throw failure;
                }

                var connection = new FakeConnection(options, HoldAcksOnNewConnections);
                _connections.Add(connection);
                return Task.FromResult<IChannelConnection>(connection);
            }
        }
        finally
        {
            lock (_gate)
            {
                changed = _changed;
                _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            changed.TrySetResult();
        }
    }

    /// <summary>Waits (bounded) until <paramref name="count"/> connections were handed out.</summary>
    public async Task<FakeConnection> WaitForConnectionAsync(int count)
    {
        await WaitUntilAsync(() => Connections.Count >= count, $"{count} connection(s)");
        return Connections[count - 1];
    }

    /// <summary>Waits (bounded) until <paramref name="count"/> attempts were made.</summary>
    public Task WaitForAttemptsAsync(int count) => WaitUntilAsync(() => Attempts.Count >= count, $"{count} attempt(s)");

    private async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        while (true)
        {
            Task signal;
            lock (_gate)
            {
                signal = _changed.Task;
            }

            if (condition())
            {
                return;
            }

            try
            {
                await signal.WaitAsync(limit.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Timed out waiting for {what}; got {Attempts.Count} attempt(s).");
            }
        }
    }
}
