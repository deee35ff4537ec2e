using System.Text;
using ResponderFunction.Transport;

namespace ResponderFunction.Tests.Fakes;

/// <summary>An in-memory connection: records subscribes and publishes, delivers test messages one at a time, can drop.</summary>
internal sealed class FakeConnection : IChannelConnection
{
    private readonly Lock _gate = new();
    private readonly ChannelConnectOptions _options;
    private readonly TaskCompletionSource<string> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _dispatchCancel = new();
    private readonly SemaphoreSlim _dispatch = new(1, 1);
    private readonly List<string> _subscriptions = [];
    private readonly List<(string Topic, string Text)> _published = [];
    private readonly List<TaskCompletionSource> _heldAcks = [];
    private readonly TaskCompletionSource _disconnectStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _holdAcks;

    public FakeConnection(ChannelConnectOptions options, bool holdAcks)
    {
        _options = options;
        _holdAcks = holdAcks;
    }

    public string ClientId => _options.ClientId;

    public Task<string> Closed => _closed.Task;

    public bool DisconnectedCleanly { get; private set; }

    public IReadOnlyList<string> Subscriptions
    {
        get
        {
            lock (_gate)
            {
                return _subscriptions.ToList();
            }
        }
    }

    /// <summary>Every publish attempt (acknowledged or not), in order.</summary>
    public IReadOnlyList<(string Topic, string Text)> Published
    {
        get
        {
            lock (_gate)
            {
                return _published.ToList();
            }
        }
    }

    public Task SubscribeAsync(string topicFilter, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            ThrowIfClosed();
            _subscriptions.Add(topicFilter);
        }

        return Task.CompletedTask;
    }

    public Task PublishAsync(string topic, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        TaskCompletionSource changed;
        Task result;
        lock (_gate)
        {
            ThrowIfClosed();
            _published.Add((topic, Encoding.UTF8.GetString(payload.Span)));
            if (_holdAcks)
            {
                var ack = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _heldAcks.Add(ack);
                result = ack.Task.WaitAsync(cancellationToken);
            }
            else
            {
                result = Task.CompletedTask;
            }

            changed = _changed;
            _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
        return result;
    }

    /// <summary>When set, DISCONNECT never completes by itself: it waits for its token (a broker that does not answer).</summary>
    public bool HoldDisconnect { get; set; }

    /// <summary>Completes when the session starts to disconnect.</summary>
    public Task DisconnectStarted => _disconnectStarted.Task;

    public async Task DisconnectAsync(CancellationToken cancellationToken)
    {
        _disconnectStarted.TrySetResult();
        if (HoldDisconnect)
        {
            await Task.Delay(TimeSpan.FromSeconds(30), cancellationToken); // bounded even if the test never cancels
        }

        DisconnectedCleanly = true;
        Close();
    }

    public ValueTask DisposeAsync()
    {
        Close();
        return ValueTask.CompletedTask;
    }

    /// <summary>Simulates the broker going away: pending publishes fail, <see cref="Closed"/> completes.</summary>
    public void Drop() => Close();

    /// <summary>From now on, publishes wait for <see cref="AckAll"/> or a drop.</summary>
    public void HoldAcks()
    {
        lock (_gate)
        {
            _holdAcks = true;
        }
    }

    /// <summary>Acknowledges the oldest held publish (PUBACKs come in order); false when none is held.</summary>
    public bool AckOldest()
    {
        TaskCompletionSource? oldest = null;
        lock (_gate)
        {
            if (_heldAcks.Count > 0)
            {
                oldest = _heldAcks[0];
                _heldAcks.RemoveAt(0);
            }
        }

        return oldest?.TrySetResult() ?? false;
    }

    /// <summary>Publishes waiting for their PUBACK.</summary>
    public int HeldAcks
    {
        get
        {
            lock (_gate)
            {
                return _heldAcks.Count;
            }
        }
    }

    /// <summary>Acknowledges every held publish and stops holding.</summary>
    public void AckAll()
    {
        List<TaskCompletionSource> held;
        lock (_gate)
        {
            _holdAcks = false;
            held = [.. _heldAcks];
            _heldAcks.Clear();
        }

        held.ForEach(ack => ack.TrySetResult());
    }

    /// <summary>True once the session aborted this connection (considered it broken).</summary>
    public bool Aborted { get; private set; }

    public void Abort(string reason)
    {
        Aborted = true;
        Close(reason);
    }

    /// <summary>
    /// Delivers an incoming PUBLISH as the MQTT client would: one at a time; completes when the session took it (a QoS 1
    /// message is acknowledged then), not when it was handled: wait for the reply with <see cref="WaitForPublishesAsync"/>.
    /// </summary>
    public Task DeliverAsync(string topic, string payload, bool atMostOnce = false)
        => DeliverAsync(topic, Encoding.UTF8.GetBytes(payload), atMostOnce);

    /// <summary>Offers a message without waiting: the returned task shows whether the session holds it back.</summary>
    public ValueTask OfferAsync(string topic, byte[] payload, bool atMostOnce = false)
        => _options.OnMessage(new InboundMessage(topic, payload, atMostOnce), _dispatchCancel.Token);

    public async Task DeliverAsync(string topic, byte[] payload, bool atMostOnce = false)
    {
        // Bounded: a delivery stuck behind an earlier one (a hung handler) fails the test instead of hanging it.
        if (!await _dispatch.WaitAsync(TimeSpan.FromSeconds(10)))
        {
            throw new TimeoutException($"The previous delivery on {topic} did not finish within 10 s.");
        }

        try
        {
            await _options.OnMessage(new InboundMessage(topic, payload, atMostOnce), _dispatchCancel.Token);
        }
        finally
        {
            _dispatch.Release();
        }
    }

    /// <summary>Waits (bounded) until <paramref name="count"/> publishes were attempted.</summary>
    public async Task<IReadOnlyList<(string Topic, string Text)>> WaitForPublishesAsync(int count)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        while (true)
        {
            Task signal;
            lock (_gate)
            {
                if (_published.Count >= count)
                {
                    return _published.ToList();
                }

                signal = _changed.Task;
            }

            try
            {
                await signal.WaitAsync(limit.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Expected {count} publishes, got: {string.Join(" | ", Published.Select(p => p.Text))}");
            }
        }
    }

    private void Close(string reason = "ConnectionLost: fake drop")
    {
        List<TaskCompletionSource> held;
        lock (_gate)
        {
            held = [.. _heldAcks];
            _heldAcks.Clear();
        }

        held.ForEach(ack => ack.TrySetException(new ChannelConnectionException("connection lost", isPermanent: false)));
        _dispatchCancel.Cancel();
        _closed.TrySetResult(reason);
    }

    private void ThrowIfClosed()
    {
        if (_closed.Task.IsCompleted)
        {
            throw new ChannelConnectionException("not connected", isPermanent: false);
        }
    }
}
