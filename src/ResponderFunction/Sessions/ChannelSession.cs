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
/// Concurrency: the session loop (<see cref="RunAsync"/>) owns connecting and leaving; requests run on the MQTT client's
/// dispatch loop, one at a time; timers only call <see cref="End"/>. The first end reason wins.
/// </remarks>
internal sealed partial class ChannelSession
{
    private readonly ChannelId _channelId;
    private readonly ChannelTopics _topics;
    private readonly SessionOptions _options;
    private readonly IChannelConnector _connector;
    private readonly IChannelMessageHandler _handler;
    private readonly TimeProvider _timeProvider;
    private readonly ILambdaLogger _logger;
    private readonly TaskCompletionSource<SessionEndReason> _end = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // Cancelled by End: interrupts backoff waits and connection attempts. Never disposed: a timer may still call End late.
    private readonly CancellationTokenSource _stopping = new();
    private readonly PendingReplies _pending;
    private ITimer? _idleTimer;
    private int _connectionNumber;
    private int _requestsServed;
    private int _reconnects;
    private long _connectedAt;

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
        _handler = handler;
        _timeProvider = timeProvider;
        _logger = logger;
        _pending = new PendingReplies(options.MaxPendingReplies);
    }

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
        using ITimer idleTimer = _timeProvider.CreateTimer(
            _ => End(SessionEndReason.Idle), state: null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _idleTimer = idleTimer;

        SessionEndReason reason = await ServeAsync(deadline).ConfigureAwait(false);

        TimeSpan elapsed = _timeProvider.GetElapsedTime(started);
        _logger.LogInformation(
            $"Session on channel {_channelId} ended: {reason.ToWireName()} after {elapsed.TotalSeconds:0.0} s, " +
            $"{Volatile.Read(ref _requestsServed)} requests served, {_reconnects} reconnects.");
        return new SessionSummary(_channelId.Value, reason.ToWireName(), Volatile.Read(ref _requestsServed), _reconnects);
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
        IChannelConnection? connection = await ConnectWithRetryAsync(deadline, isReconnect: false).ConfigureAwait(false);
        while (connection is not null)
        {
            await Task.WhenAny(_end.Task, connection.Closed).ConfigureAwait(false);
            if (_end.Task.IsCompleted)
            {
                SessionEndReason reason = await _end.Task.ConfigureAwait(false);
                await LeaveAsync(connection, reason).ConfigureAwait(false);
                return reason;
            }

            // Lost: idleness is not the client's fault while we are away, so the idle clock waits for the next ready.
            ChangeIdleTimer(Timeout.InfiniteTimeSpan);
            TimeSpan uptime = _timeProvider.GetElapsedTime(_connectedAt);
            _quickDrops = uptime >= _options.Reconnect.StableAfter ? 0 : _quickDrops + 1;
            _logger.LogWarning(
                $"Connection {_connectionNumber} of channel {_channelId} was lost after {uptime.TotalSeconds:0.0} s " +
                $"({await connection.Closed.ConfigureAwait(false)}); reconnecting.");
            await connection.DisposeAsync().ConfigureAwait(false);

            // The first drop reconnects at once; each further quick drop continues the backoff where the last one stopped.
            connection = await ConnectWithRetryAsync(deadline, isReconnect: true, firstAttempt: Math.Max(_quickDrops - 1, 0))
                .ConfigureAwait(false);
            if (connection is not null)
            {
                _reconnects++;
            }
        }

        // No connection: either an end reason arrived while (re)connecting, or connecting failed for good.
        End(SessionEndReason.Error);
        return await _end.Task.ConfigureAwait(false);
    }

    private async Task LeaveAsync(IChannelConnection connection, SessionEndReason reason)
    {
        // ONE budget for bye and DISCONNECT together: half the deadline margin (at most 2 s), so even a deadline end leaves
        // the other half for disposal and posting the response before Lambda's timeout.
        using var budget = new CancellationTokenSource(Min(_options.DeadlineMargin / 2, TimeSpan.FromSeconds(2)), _timeProvider);
        try
        {
            if (reason.ToByeReason() is ByeReason bye)
            {
                await connection.PublishAsync(_topics.Response, ChannelMessages.Bye(bye), budget.Token).ConfigureAwait(false);
            }

            await connection.DisconnectAsync(budget.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ChannelConnectionException or OperationCanceledException)
        {
            _logger.LogWarning($"Could not say bye on channel {_channelId} cleanly: {ex.Message}");
        }
        finally
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    private void ResetIdleTimer() => ChangeIdleTimer(_options.IdleTime);

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
