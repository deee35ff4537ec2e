using Realtime.Channels;
using ResponderFunction.Transport;

namespace ResponderFunction.Sessions;

internal sealed partial class ChannelSession
{
    /// <summary>
    /// Connects, subscribes, re-sends unacknowledged replies and says ready, retrying transient failures with backoff from
    /// attempt <paramref name="firstAttempt"/> on (0-based; later attempts wait longer). Returns null when the session must
    /// end instead: an end reason arrived (e.g. the deadline), a failure is permanent, the attempts are used up, or the next
    /// attempt could not finish before the deadline.
    /// </summary>
    private async Task<IChannelConnection?> ConnectWithRetryAsync(DateTimeOffset deadline, bool isReconnect, int firstAttempt = 0)
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

    private async Task<IChannelConnection> ConnectOnceAsync(DateTimeOffset deadline, bool isReconnect, int attempt)
    {
        TimeSpan timeout = Min(_options.Reconnect.ConnectTimeout, Max(deadline - _timeProvider.GetUtcNow(), TimeSpan.Zero));
        using var attemptTimeout = new CancellationTokenSource(timeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(attemptTimeout.Token, _stopping.Token);
        CancellationToken cancellationToken = linked.Token;

        int number = _connectionNumber + 1;
        string clientId = ClientIds.NewResponder(_channelId);
        var slot = new ConnectionSlot(number);
        IChannelConnection connection = await _connector
            .ConnectAsync(new ChannelConnectOptions(clientId, timeout, (topic, payload, ct) => OnMessageAsync(slot, topic, payload, ct)), cancellationToken)
            .ConfigureAwait(false);
        try
        {
            slot.Connection = connection;
            await connection.SubscribeAsync(_topics.Request, cancellationToken).ConfigureAwait(false);
            _connectionNumber = number;
            foreach (PendingReply reply in _pending.TakeForResend(number))
            {
                await connection.PublishAsync(_topics.Response, reply.Payload, cancellationToken).ConfigureAwait(false);
                _pending.Acknowledge(reply);
            }

            await connection.PublishAsync(_topics.Response, ChannelMessages.Ready(_channelId, (int)_options.IdleTime.TotalSeconds), cancellationToken)
                .ConfigureAwait(false);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        _connectedAt = _timeProvider.GetTimestamp();
        ResetIdleTimer();
        _logger.LogInformation(
            $"{(isReconnect ? "Reconnected" : "Connected")} as {clientId} (attempt {attempt + 1}); subscribed to {_topics.Request}; ready sent.");
        return connection;
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

    /// <summary>The connection a request arrived on; set as soon as the connect returns (before any message can arrive).</summary>
    private sealed class ConnectionSlot(int number)
    {
        public int Number { get; } = number;

        public IChannelConnection? Connection { get; set; }
    }
}
