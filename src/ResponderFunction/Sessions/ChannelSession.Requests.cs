using Realtime.Channels;
using ResponderFunction.Handlers;
using ResponderFunction.Transport;

namespace ResponderFunction.Sessions;

internal sealed partial class ChannelSession
{
    /// <summary>
    /// One request from the MQTT dispatch loop (one at a time, in order); never throws. The MQTT client would swallow an
    /// exception here and the request would vanish without a reply or a log line, so nothing is allowed to escape: a payload
    /// that cannot be read is answered as a plain request (with a warning), and any other failure is logged and ends the
    /// session with bye/error, which tells the client.
    /// </summary>
    private async ValueTask OnMessageAsync(ConnectionSlot slot, string topic, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        try
        {
            await ServeRequestAsync(slot, topic, payload, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            _logger.LogError($"A request on channel {_channelId} failed unexpectedly; ending the session: {ex}");
            End(SessionEndReason.Error);
        }
    }

    private async Task ServeRequestAsync(ConnectionSlot slot, string topic, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        if (_end.Task.IsCompleted || slot.Connection is not { } connection || topic != _topics.Request)
        {
            return; // Leaving, or not ours: a request that arrives after the end reason is not served.
        }

        ChannelRequest request = ReadRequest(payload);
        if (request.IsBye)
        {
            _logger.LogInformation($"Client of channel {_channelId} left ({request.ByeReason ?? "bye"}).");
            End(SessionEndReason.ClientLeft);
            return;
        }

        ResetIdleTimer();
        ReadOnlyMemory<byte>? reply;
        try
        {
            reply = await _handler.HandleAsync(new ChannelRequestContext(_channelId, payload, request.RequestId, _logger), cancellationToken)
                .ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            _logger.LogError($"The request handler failed on channel {_channelId}; ending the session: {ex}");
            End(SessionEndReason.Error);
            return;
        }
        catch (OperationCanceledException)
        {
            return; // The connection went away mid-request; the client resends after the next ready.
        }

        Interlocked.Increment(ref _requestsServed);
        if (reply is { } body)
        {
            await PublishReplyAsync(connection, slot.Number, body).ConfigureAwait(false);
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

    private async Task PublishReplyAsync(IChannelConnection connection, int connectionNumber, ReadOnlyMemory<byte> body)
    {
        var reply = new PendingReply(body, connectionNumber);
        if (_pending.Add(reply))
        {
            _logger.LogWarning($"Over {_options.MaxPendingReplies} unacknowledged replies on channel {_channelId}; the oldest was dropped.");
        }

        try
        {
            using var timeout = new CancellationTokenSource(_options.PublishTimeout, _timeProvider);
            await connection.PublishAsync(_topics.Response, body, timeout.Token).ConfigureAwait(false);
            _pending.Acknowledge(reply);
        }
        catch (Exception ex) when (ex is ChannelConnectionException or OperationCanceledException)
        {
            // Kept in _pending: the next connection sends it again before saying ready.
            _logger.LogWarning($"Reply on channel {_channelId} not acknowledged yet ({ex.Message}); it will be re-sent after a reconnect.");
        }
    }
}
