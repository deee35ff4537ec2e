using Realtime.Channels;
using Realtime.Lambda;
using ResponderFunction.Handlers;
using ResponderFunction.Transport;

namespace ResponderFunction.Sessions;

/// <summary>
/// One invocation's session on one channel: connect (fresh client id and URL), subscribe to the request topic, say ready,
/// answer requests through the handler, and leave for exactly one reason (idle, deadline, client left, error), telling the
/// client with a bye. A dropped connection is re-established within <see cref="ReconnectPolicy"/>; replies not yet
/// acknowledged are re-sent and ready is said again, because requests published while the responder was away are lost
/// (clean sessions) and the client resends unanswered ones when it sees ready.
/// </summary>
/// <remarks>
/// Concurrency: the session loop (<see cref="RunAsync"/>) owns connecting and leaving; the connection's dispatch only fills
/// the <see cref="RequestProcessor"/>'s bounded inbox; the request loop handles requests one at a time and queues replies
/// on the <see cref="ReplyPipeline"/> (PUBACKs are not awaited there); timers only call <see cref="End"/>. The first end
/// reason wins.
/// </remarks>
internal sealed class ChannelSession
{
    private readonly ChannelId _channelId;
    private readonly ChannelTopics _topics;
    private readonly SessionOptions _options;
    private readonly IChannelConnector _connector;
    private readonly TimeProvider _timeProvider;
    private readonly ILambdaLogger _logger;
    private readonly TaskCompletionSource<SessionEndReason> _end = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // Cancelled by End: interrupts backoff waits, connection attempts and the request loop. Never disposed: a timer may still
    // call End late.
    private readonly CancellationTokenSource _stopping = new();
    private readonly ReplyPipeline _replies;
    private readonly RequestProcessor _requests;
    private ITimer? _idleTimer;
    private int _connectionNumber;
    private int _reconnects;
    private long _connectedAt;
    private long _lastRequest;

    // Connections in a row that dropped before ReconnectPolicy.StableAfter: each one starts the next reconnect one backoff
    // step later, so a flapping connection is bounded like one outage (MaxAttempts) instead of reconnecting until the deadline.
    private int _quickDrops;

    public ChannelSession(
        ChannelId channelId,
        ChannelTopics topics,
        SessionOptions options,
        IChannelConnector connector,
        IChannelMessageHandler handler,
        TimeProvider timeProvider,
        ILambdaLogger logger)
    {
        _channelId = channelId;
        _topics = topics;
        _options = options;
        _connector = connector;
        _timeProvider = timeProvider;
        _logger = logger;
        _replies = new ReplyPipeline(topics.Response, options, timeProvider);
        _replies.ConnectionBroken += OnConnectionBroken;
        _requests = new RequestProcessor(channelId, topics.Request, options, handler, _replies, logger, End, OnRequest);
    }

    /// <summary>Replies sent but not acknowledged yet.</summary>
    public int UnacknowledgedReplies => _replies.Unacknowledged;

    /// <summary>Runs the session until it ends; never throws for broker trouble (that ends the session with error).</summary>
    /// <param name="remainingTime">The invocation's remaining time; the session ends the deadline margin before it.</param>
    /// <param name="stop">Ends the session with error when cancelled (the channel lease was lost).</param>
    public async Task<SessionSummary> RunAsync(TimeSpan remainingTime, CancellationToken stop = default)
    {
        using CancellationTokenRegistration stopping = stop.Register(() => End(SessionEndReason.Error));
        long started = _timeProvider.GetTimestamp();
        DateTimeOffset deadline = _timeProvider.GetUtcNow() + remainingTime - _options.DeadlineMargin;
        using ITimer deadlineTimer = _timeProvider.CreateTimer(
            _ => End(SessionEndReason.Deadline), state: null, Max(deadline - _timeProvider.GetUtcNow(), TimeSpan.Zero), Timeout.InfiniteTimeSpan);
        using ITimer idleTimer = _timeProvider.CreateTimer(_ => OnIdleTimer(), state: null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _idleTimer = idleTimer;

        Task requestLoop = Task.Run(() => _requests.RunAsync(_end.Task, _stopping.Token));
        SessionEndReason reason = await ServeAsync(deadline).ConfigureAwait(false);
        _requests.Complete();
        await requestLoop.ConfigureAwait(false);
        _replies.Dispose();

        TimeSpan elapsed = _timeProvider.GetElapsedTime(started);
        _logger.LogInformation(
            $"Session on channel {_channelId} ended: {reason.ToWireName()} after {elapsed.TotalSeconds:0.0} s, " +
            $"{_requests.Served} requests served, {_reconnects} reconnects.");
        return new SessionSummary(_channelId.Value, reason.ToWireName(), _requests.Served, _reconnects);
    }

    /// <summary>Ends the session for <paramref name="reason"/> unless it already ends for another.</summary>
    private void End(SessionEndReason reason)
    {
        if (_end.TrySetResult(reason))
        {
            _stopping.Cancel();
        }
    }

    private async Task<SessionEndReason> ServeAsync(DateTimeOffset deadline)
    {
        (IChannelConnection Connection, ConnectionSlot Slot)? current = await ConnectWithRetryAsync(deadline, isReconnect: false).ConfigureAwait(false);
        while (current is var (connection, slot))
        {
            await Task.WhenAny(_end.Task, connection.Closed).ConfigureAwait(false);
            if (_end.Task.IsCompleted && !connection.Closed.IsCompleted)
            {
                SessionEndReason reason = await _end.Task.ConfigureAwait(false);
                await LeaveAsync(connection, slot, reason).ConfigureAwait(false);
                return reason;
            }

            // Lost: idleness is not the client's fault while we are away, so the idle clock waits for the next ready.
            _replies.Detach(connection);
            slot.MarkLost();
            ChangeIdleTimer(Timeout.InfiniteTimeSpan);
            TimeSpan uptime = _timeProvider.GetElapsedTime(_connectedAt);
            _quickDrops = uptime >= _options.Reconnect.StableAfter ? 0 : _quickDrops + 1;
            await connection.DisposeAsync().ConfigureAwait(false);
            if (_end.Task.IsCompleted)
            {
                break; // Lost while ending: there is nothing left to say bye on.
            }

            _logger.LogWarning(
                $"Connection {_connectionNumber} of channel {_channelId} was lost after {uptime.TotalSeconds:0.0} s " +
                $"({await connection.Closed.ConfigureAwait(false)}); reconnecting.");

            // The first drop reconnects at once; each further quick drop continues the backoff where the last one stopped.
            current = await ConnectWithRetryAsync(deadline, isReconnect: true, firstAttempt: Math.Max(_quickDrops - 1, 0))
                .ConfigureAwait(false);
            if (current is not null)
            {
                _reconnects++;
            }
        }

        // No connection: either an end reason arrived while (re)connecting, or connecting failed for good.
        End(SessionEndReason.Error);
        return await _end.Task.ConfigureAwait(false);
    }

    private async Task LeaveAsync(IChannelConnection connection, ConnectionSlot slot, SessionEndReason reason)
    {
        // ONE budget for bye and DISCONNECT together: half the deadline margin (at most 2 s), so even a deadline end leaves
        // the other half for disposal and posting the response before Lambda's timeout. The bye goes out after every reply
        // already started and is acknowledged after them, so waiting for it also gives those replies their PUBACKs.
        using var budget = new CancellationTokenSource(Min(_options.DeadlineMargin / 2, TimeSpan.FromSeconds(2)), _timeProvider);
        try
        {
            if (reason.ToByeReason() is ByeReason bye)
            {
                await _replies.PublishLast(connection, ChannelMessages.Bye(bye), budget.Token).ConfigureAwait(false);
            }

            await connection.DisconnectAsync(budget.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ChannelConnectionException or OperationCanceledException)
        {
            _logger.LogWarning($"Could not say bye on channel {_channelId} cleanly: {ex.Message}");
        }
        finally
        {
            slot.MarkLost();
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>A reply was not acknowledged in time (or could not be sent): the connection is broken, so reconnect.</summary>
    private void OnConnectionBroken(IChannelConnection connection, string why)
    {
        if (!connection.Closed.IsCompleted)
        {
            _logger.LogWarning($"Connection of channel {_channelId} considered broken: {why}; reconnecting and re-sending it.");
            connection.Abort($"considered broken: {why}");
        }
    }

    /// <summary>
    /// Connects, subscribes, re-sends unacknowledged replies and says ready, retrying transient failures with backoff from
    /// attempt <paramref name="firstAttempt"/> on (0-based; later attempts wait longer). Returns null when the session must
    /// end instead: an end reason arrived (e.g. the deadline), a failure is permanent, the attempts are used up, or the next
    /// attempt could not finish before the deadline.
    /// </summary>
    private async Task<(IChannelConnection, ConnectionSlot)?> ConnectWithRetryAsync(DateTimeOffset deadline, bool isReconnect, int firstAttempt = 0)
    {
        ReconnectPolicy policy = _options.Reconnect;
        for (int attempt = firstAttempt; attempt < policy.MaxAttempts; attempt++)
        {
            TimeSpan delay = policy.DelayBefore(attempt);
            DateTimeOffset now = _timeProvider.GetUtcNow();
            if (now + delay >= deadline)
            {
                // Out of time: with nothing left, that is simply the deadline; otherwise give up cleanly before it.
                if (now < deadline)
                {
                    _logger.LogError($"Giving up connecting channel {_channelId}: the next attempt would pass the deadline.");
                }

                End(now >= deadline ? SessionEndReason.Deadline : SessionEndReason.Error);
                return null;
            }

            if (delay > TimeSpan.Zero && !await WaitAsync(delay).ConfigureAwait(false))
            {
                return null;
            }

            if (_end.Task.IsCompleted)
            {
                return null;
            }

            try
            {
                return await ConnectOnceAsync(deadline, isReconnect, attempt).ConfigureAwait(false);
            }
            catch (ChannelConnectionException ex) when (!ex.IsPermanent)
            {
                _logger.LogWarning($"Connection attempt {attempt + 1}/{policy.MaxAttempts} for channel {_channelId} failed: {ex.Message}");
            }
            catch (ChannelConnectionException ex)
            {
                _logger.LogError($"Cannot serve channel {_channelId}: {ex.Message}");
                return null;
            }
            catch (OperationCanceledException) when (!_end.Task.IsCompleted)
            {
                _logger.LogWarning($"Connection attempt {attempt + 1}/{policy.MaxAttempts} for channel {_channelId} timed out.");
            }
            catch (OperationCanceledException)
            {
                return null;
            }
        }

        _logger.LogError(firstAttempt > 0
            ? $"Giving up on channel {_channelId}: {_quickDrops} connections in a row dropped within " +
              $"{policy.StableAfter.TotalSeconds:0} s of connecting ({policy.MaxAttempts} attempts used)."
            : $"Giving up connecting channel {_channelId} after {policy.MaxAttempts} attempts.");
        return null;
    }

    private async Task<(IChannelConnection, ConnectionSlot)> ConnectOnceAsync(DateTimeOffset deadline, bool isReconnect, int attempt)
    {
        TimeSpan timeout = Min(_options.Reconnect.ConnectTimeout, Max(deadline - _timeProvider.GetUtcNow(), TimeSpan.Zero));
        using var attemptTimeout = new CancellationTokenSource(timeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(attemptTimeout.Token, _stopping.Token);
        CancellationToken cancellationToken = linked.Token;

        int number = _connectionNumber + 1;
        string clientId = ClientIds.NewResponder(_channelId);
        var slot = new ConnectionSlot(number);
        IChannelConnection connection = await _connector
            .ConnectAsync(new ChannelConnectOptions(clientId, timeout, (message, ct) => _requests.OfferAsync(slot, message, ct)), cancellationToken)
            .ConfigureAwait(false);
        try
        {
            await connection.SubscribeAsync(_topics.Request, cancellationToken).ConfigureAwait(false);
            _connectionNumber = number;

            // Unacknowledged replies first (in order), then ready: the client sees its missing replies before the new ready.
            byte[] ready = ChannelMessages.Ready(_channelId, (int)_options.IdleTime.TotalSeconds);
            await _replies.Attach(connection, number, ready, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            _replies.Detach(connection);
            slot.MarkLost();
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        slot.MarkReady();
        _connectedAt = _timeProvider.GetTimestamp();
        ResetIdleTimer();
        _logger.LogInformation(
            $"{(isReconnect ? "Reconnected" : "Connected")} as {clientId} (attempt {attempt + 1}); subscribed to {_topics.Request}; ready sent.");
        return (connection, slot);
    }

    /// <summary>Waits for <paramref name="delay"/>; false when the session ended meanwhile.</summary>
    private async Task<bool> WaitAsync(TimeSpan delay)
    {
        try
        {
            await Task.Delay(delay, _timeProvider, _stopping.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Starts the idle clock (at ready): it ends the session unless a request arrives within the idle time.</summary>
    private void ResetIdleTimer()
    {
        Volatile.Write(ref _lastRequest, _timeProvider.GetTimestamp());
        ChangeIdleTimer(_options.IdleTime);
    }

    /// <summary>A request restarts the idle clock: only a timestamp here (no timer change per request); the timer checks it.</summary>
    private void OnRequest() => Volatile.Write(ref _lastRequest, _timeProvider.GetTimestamp());

    private void OnIdleTimer()
    {
        TimeSpan idle = _timeProvider.GetElapsedTime(Volatile.Read(ref _lastRequest));
        if (idle >= _options.IdleTime)
        {
            End(SessionEndReason.Idle);
        }
        else
        {
            ChangeIdleTimer(_options.IdleTime - idle); // a request came meanwhile: wait for the rest of its idle time
        }
    }

    private void ChangeIdleTimer(TimeSpan dueTime)
    {
        try
        {
            _idleTimer?.Change(dueTime, Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
            // A request raced the end of the session (the timers are disposed when RunAsync returns): nothing to time.
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
