using System.Threading.Channels;
using Realtime.Channels;
using Realtime.Lambda;
using ResponderFunction.Handlers;
using ResponderFunction.Transport;

namespace ResponderFunction.Sessions;

/// <summary>
/// The request side of a session: a bounded inbox filled by the connection's dispatch, and one loop that hands requests to
/// the <see cref="IChannelMessageHandler"/> one at a time, in arrival order, and queues each reply on the
/// <see cref="ReplyPipeline"/> without waiting for its PUBACK.
/// </summary>
/// <remarks>
/// Bound (<see cref="SessionOptions.InboxCapacity"/>): when the inbox is full, a QoS 1 request waits in the connection's
/// dispatch, unacknowledged, so the broker stops sending after its in-flight window and memory stays bounded; a QoS 0 request
/// (which the broker does not hold back) is dropped with a warning. Nothing here throws into the connection: a failure is
/// logged and ends the session with bye/error, which tells the client.
/// </remarks>
internal sealed class RequestProcessor
{
    private readonly Channel<(ConnectionSlot Slot, ReadOnlyMemory<byte> Payload)> _inbox;
    private readonly ChannelId _channelId;
    private readonly string _requestTopic;
    private readonly IChannelMessageHandler _handler;
    private readonly ReplyPipeline _replies;
    private readonly ILambdaLogger _logger;
    private readonly Action<SessionEndReason> _end;
    private readonly Action _requestArrived;
    private readonly ReadOnlyMemory<byte> _ready;
    private int _served;
    private int _droppedAtBound;

    public RequestProcessor(
        ChannelId channelId,
        string requestTopic,
        SessionOptions options,
        IChannelMessageHandler handler,
        ReplyPipeline replies,
        ILambdaLogger logger,
        Action<SessionEndReason> end,
        Action requestArrived)
    {
        _inbox = Channel.CreateBounded<(ConnectionSlot, ReadOnlyMemory<byte>)>(
            new BoundedChannelOptions(options.InboxCapacity)
            {
                SingleReader = true,
                SingleWriter = false,

                // When the loop waits for work, the connection's dispatch runs it inline: the request is handled and its reply
                // written on the thread that received it, with no thread-pool hop (and no second thread contending for the
                // connection's send lock). When the loop is busy, the request simply waits in the inbox.
                AllowSynchronousContinuations = true,
            });
        _channelId = channelId;
        _requestTopic = requestTopic;
        _handler = handler;
        _replies = replies;
        _logger = logger;
        _end = end;
        _requestArrived = requestArrived;
        _ready = ChannelMessages.Ready(channelId, (int)options.IdleTime.TotalSeconds);
    }

    /// <summary>Requests handled (bye, hello and dropped ones not counted).</summary>
    public int Served => Volatile.Read(ref _served);

    /// <summary>
    /// Called by the connection for every incoming PUBLISH, one at a time; completes when the request is in the inbox (the
    /// connection acknowledges it then). Never throws except for the connection's own cancellation.
    /// </summary>
    public ValueTask OfferAsync(ConnectionSlot slot, InboundMessage message, CancellationToken cancellationToken)
    {
        if (message.Topic != _requestTopic)
        {
            return ValueTask.CompletedTask; // not ours
        }

        if (message.Payload.Length > SessionOptions.MaxRequestBytes)
        {
            // AWS IoT never delivers this; another broker might. Dropping this one request keeps the session serving.
            _logger.LogWarning(
                $"Dropped a {message.Payload.Length}-byte request on channel {_channelId}: over the {SessionOptions.MaxRequestBytes}-byte limit.");
            return ValueTask.CompletedTask;
        }

        if (_inbox.Writer.TryWrite((slot, message.Payload)))
        {
            return ValueTask.CompletedTask;
        }

        if (message.AtMostOnce)
        {
            if (Interlocked.Increment(ref _droppedAtBound) == 1)
            {
                _logger.LogWarning($"Channel {_channelId} receives requests faster than they are handled: QoS 0 requests over the bound are dropped.");
            }

            return ValueTask.CompletedTask;
        }

        return WaitForRoomAsync(slot, message.Payload, cancellationToken);
    }

    /// <summary>No more requests: the loop finishes what it is doing and stops; waiting offers give up.</summary>
    public void Complete() => _inbox.Writer.TryComplete();

    /// <summary>Serves requests until <see cref="Complete"/> or <paramref name="stopping"/>; never throws.</summary>
    public async Task RunAsync(Task ended, CancellationToken stopping)
    {
        try
        {
            while (await _inbox.Reader.WaitToReadAsync(stopping).ConfigureAwait(false))
            {
                while (!ended.IsCompleted && _inbox.Reader.TryRead(out (ConnectionSlot Slot, ReadOnlyMemory<byte> Payload) item))
                {
                    // Wait for the ready on the connection the request came on: so nothing (not even the answer to a bye sent
                    // too early) comes before ready. A request from a lost connection is dropped: the client re-sends it.
                    if (!await item.Slot.Ready.WaitAsync(stopping).ConfigureAwait(false) || item.Slot.IsLost)
                    {
                        continue;
                    }

                    await ServeAsync(item.Slot, item.Payload, stopping).ConfigureAwait(false);
                }

                if (ended.IsCompleted)
                {
                    return; // Requests that arrive after the end reason is known are not served.
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            _logger.LogError($"The request loop of channel {_channelId} failed unexpectedly; ending the session: {ex}");
            _end(SessionEndReason.Error);
        }
    }

    private async ValueTask WaitForRoomAsync(ConnectionSlot slot, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        try
        {
            await _inbox.Writer.WriteAsync((slot, payload), cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            // The session is ending: the request is not served (as for any request after the end reason).
        }
    }

    private async Task ServeAsync(ConnectionSlot slot, ReadOnlyMemory<byte> payload, CancellationToken stopping)
    {
        ChannelRequest request = ReadRequest(payload);
        if (request.IsBye)
        {
            _logger.LogInformation($"Client of channel {_channelId} left ({request.ByeReason ?? "bye"}).");
            _end(SessionEndReason.ClientLeft);
            return;
        }

        _requestArrived();
        if (request.IsHello)
        {
            // The client reconnected and cannot tell whether we survived the drop: ready again, after the replies already
            // queued (so it re-sends only what has no reply). Not the handler's business, and not counted as served.
            await _replies.SendAsync(_ready, stopping).ConfigureAwait(false);
            return;
        }

        ReadOnlyMemory<byte>? reply;
        CancellationToken cancellationToken = slot.Lost;
        try
        {
            reply = await _handler.HandleAsync(new ChannelRequestContext(_channelId, payload, request.RequestId, _logger), cancellationToken)
                .ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            _logger.LogError($"The request handler failed on channel {_channelId}; ending the session: {ex}");
            _end(SessionEndReason.Error);
            return;
        }
        catch (OperationCanceledException)
        {
            return; // The connection went away mid-request; the client re-sends after the next ready.
        }

        Interlocked.Increment(ref _served);
        if (reply is { } body)
        {
            await _replies.SendAsync(body, stopping).ConfigureAwait(false);
        }
    }

    private ChannelRequest ReadRequest(ReadOnlyMemory<byte> payload)
    {
        try
        {
            return ChannelRequest.Parse(payload.Span);
        }
        catch (Exception ex)
        {
            // Parse promises not to throw; should it ever, the request is still answered (without a request id).
            _logger.LogWarning($"A {payload.Length}-byte request on channel {_channelId} could not be read ({ex.GetType().Name}); answering it as a plain request.");
            return default;
        }
    }
}
