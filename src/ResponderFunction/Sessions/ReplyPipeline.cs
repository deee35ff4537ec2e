using ResponderFunction.Transport;

namespace ResponderFunction.Sessions;

/// <summary>
/// Publishes a session's replies without waiting for each PUBACK before the next request is handled: replies go out in
/// order, at most <see cref="SessionOptions.MaxInFlight"/> - 1 unacknowledged at a time (one place stays free for the ready or
/// bye), and those not acknowledged when their connection is lost are sent once more, in order, on the next connection
/// before its ready.
/// </summary>
/// <remarks>
/// Thread-safety: <see cref="SendAsync"/> is called by the request loop (one caller), <see cref="Attach"/>,
/// <see cref="Detach"/> and <see cref="PublishLast"/> by the session loop; PUBACKs complete on MQTT threads. One lock guards the
/// list and the current connection, and every publish is started under it, so the order in which publishes are started is
/// the order on the wire (the connection writes in call order).
/// A reply whose PUBACK does not arrive within <see cref="SessionOptions.PublishTimeout"/> makes its connection count as
/// broken: <see cref="ConnectionBroken"/> is raised and the reply is re-sent once after the reconnect. A PUBACK cannot arrive
/// late after that, because the broken connection is closed. One watchdog timer checks the oldest unacknowledged reply every
/// quarter of the timeout (PUBACKs come in order [MQTT-4.6.0-2]), instead of a timer per publish: a late PUBACK is noticed
/// between 1 and 1.25 timeouts after the send.
/// </remarks>
internal sealed class ReplyPipeline : IDisposable
{
    private readonly Lock _gate = new();
    private readonly LinkedList<PendingReply> _unacknowledged = new();
    private readonly SemaphoreSlim _slots;
    private readonly string _topic;
    private readonly TimeSpan _publishTimeout;
    private readonly TimeProvider _timeProvider;
    private readonly ITimer _watchdog;
    private IChannelConnection? _current;
    private int _currentNumber;
    private bool _closed;

    public ReplyPipeline(string topic, SessionOptions options, TimeProvider timeProvider)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxInFlight, 2);
        _topic = topic;
        _publishTimeout = options.PublishTimeout;
        _timeProvider = timeProvider;
        _slots = new SemaphoreSlim(options.MaxInFlight - 1, options.MaxInFlight - 1);
        TimeSpan period = options.PublishTimeout / 4;
        _watchdog = timeProvider.CreateTimer(_ => CheckOldest(), state: null, period, period);
    }

    /// <summary>Raised (on any thread) with a connection that failed to acknowledge a reply in time, or failed a publish.</summary>
    public event Action<IChannelConnection, string>? ConnectionBroken;

    /// <summary>Replies not acknowledged yet.</summary>
    public int Unacknowledged
    {
        get
        {
            lock (_gate)
            {
                return _unacknowledged.Count;
            }
        }
    }

    /// <summary>
    /// Queues a reply: waits only while the in-flight limit is reached (until a PUBACK frees a place), never for this reply's
    /// own PUBACK. Sent at once when connected, else on the next connection.
    /// </summary>
    public async Task SendAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        var reply = new PendingReply(payload);
        lock (_gate)
        {
            _unacknowledged.AddLast(reply);
            if (_current is { } connection && !_closed)
            {
                Start(connection, _currentNumber, reply);
            }
        }
    }

    /// <summary>
    /// Makes <paramref name="connection"/> (number <paramref name="number"/>) the current one: re-sends every unacknowledged
    /// reply not yet sent on it, oldest first, then publishes <paramref name="ready"/>. Returns the ready's PUBACK.
    /// </summary>
    public Task Attach(IChannelConnection connection, int number, ReadOnlyMemory<byte> ready, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _current = connection;
            _currentNumber = number;
            // A snapshot: a publish acknowledged at once removes its reply from the list while we go through it.
            foreach (PendingReply reply in _unacknowledged.Where(r => r.SentOnConnection < number).ToList())
            {
                Start(connection, number, reply);
            }

            return connection.PublishAsync(_topic, ready, cancellationToken);
        }
    }

    /// <summary>The connection is gone: replies stay queued for the next one.</summary>
    public void Detach(IChannelConnection connection)
    {
        lock (_gate)
        {
            if (ReferenceEquals(_current, connection))
            {
                _current = null;
            }
        }
    }

    /// <summary>Publishes the session's last message after every reply already started, and sends no reply after it.</summary>
    public Task PublishLast(IChannelConnection connection, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _closed = true;
            return connection.PublishAsync(_topic, payload, cancellationToken);
        }
    }

    public void Dispose() => _watchdog.Dispose();

    /// <summary>Starts one publish (under the lock, so in order) and tracks its PUBACK without waiting for it.</summary>
    private void Start(IChannelConnection connection, int number, PendingReply reply)
    {
        reply.SentOnConnection = number;
        reply.SentAt = _timeProvider.GetTimestamp();
        Task publish;
        try
        {
            publish = connection.PublishAsync(_topic, reply.Payload, CancellationToken.None);
        }
        catch (ChannelConnectionException ex)
        {
            publish = Task.FromException(ex);
        }

        _ = TrackAsync(connection, reply, publish);
    }

    private async Task TrackAsync(IChannelConnection connection, PendingReply reply, Task publish)
    {
        try
        {
            await publish.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ChannelConnectionException or OperationCanceledException)
        {
            ConnectionBroken?.Invoke(connection, $"a reply could not be published ({ex.Message})");
            return; // Kept: re-sent once on the next connection.
        }

        bool removed;
        lock (_gate)
        {
            removed = _unacknowledged.Remove(reply);
        }

        if (removed)
        {
            _slots.Release();
        }
    }

    /// <summary>The watchdog: the connection is broken when the oldest reply sent on it waits for its PUBACK too long.</summary>
    private void CheckOldest()
    {
        IChannelConnection? broken = null;
        lock (_gate)
        {
            if (_current is { } connection && _unacknowledged.First?.Value is { } oldest && oldest.SentOnConnection == _currentNumber
                && _timeProvider.GetElapsedTime(oldest.SentAt) >= _publishTimeout)
            {
                broken = connection;
            }
        }

        if (broken is not null)
        {
            ConnectionBroken?.Invoke(broken, $"a reply was not acknowledged within {_publishTimeout.TotalSeconds:0.#} s");
        }
    }
}
