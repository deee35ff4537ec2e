using Realtime.Mqtt.Packets;

namespace Realtime.Mqtt;

/// <summary>Sending, graceful close, and the one place where a connection ends.</summary>
public sealed partial class MqttClient
{
    // How long a graceful close waits for the broker to answer the WebSocket close before dropping the socket.
    private static readonly TimeSpan CloseGracePeriod = TimeSpan.FromSeconds(2);

    // Set on the dispatch loop, so a handler that disposes the client does not wait for itself.
    private static readonly AsyncLocal<MqttClient?> DispatchingClient = new();

    /// <summary>Sends DISCONNECT, closes the WebSocket and completes <see cref="Disconnected"/> with ClientDisconnected.
    /// The broker then discards the will [MQTT-3.14.4-3]. Does nothing when the connection already ended.</summary>
    public async Task DisconnectAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.CompareExchange(ref _state, StateClosing, StateConnected) != StateConnected)
        {
            return;
        }

        try
        {
            await SendPacketAsync(DisconnectPacket.Instance, cancellationToken).ConfigureAwait(false);
            using var grace = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            grace.CancelAfter(CloseGracePeriod);
            await _transport.CloseAsync(protocolError: false, grace.Token).ConfigureAwait(false);

            // The receive loop ends when the broker answers the close; wait for that (bounded) so the close is clean.
            await _receiveLoop.WaitAsync(grace.Token).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is MqttException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // The connection broke or the broker did not answer the close in time: it ends below all the same.
        }
        finally
        {
            Terminate(new MqttDisconnectInfo(MqttDisconnectReason.ClientDisconnected, null));
        }
    }

    /// <summary>Disconnects gracefully if connected, stops the loops and releases the WebSocket.</summary>
    public async ValueTask DisposeAsync()
    {
        await DisconnectAsync(CancellationToken.None).ConfigureAwait(false);
        Terminate(new MqttDisconnectInfo(MqttDisconnectReason.ClientDisconnected, null));
        await Task.WhenAll(_receiveLoop, _keepAliveLoop).ConfigureAwait(false);
        if (DispatchingClient.Value != this)
        {
            await _dispatchLoop.ConfigureAwait(false);
        }

        await _transport.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Encodes and sends one packet; one send at a time. Caller cancellation is honoured only while waiting for
    /// the send lock: once bytes move, only the end of the connection stops them (a cancelled WebSocket send would tear a
    /// packet and abort the socket).</summary>
    private async Task SendPacketAsync(MqttPacket packet, CancellationToken cancellationToken)
    {
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            int state = Volatile.Read(ref _state);
            if (state == StateClosed || (state == StateClosing && packet is not DisconnectPacket))
            {
                throw NotConnected();
            }

            _sendBuffer.ResetWrittenCount();
            MqttPacketEncoder.Encode(packet, _sendBuffer);
            await _transport.SendAsync(_sendBuffer.WrittenMemory, _lifetime.Token).ConfigureAwait(false);
            Volatile.Write(ref _lastSentTimestamp, _time.GetTimestamp());
        }
        catch (MqttException error) when (error.Code == MqttErrorCode.ConnectionLost)
        {
            Terminate(new MqttDisconnectInfo(MqttDisconnectReason.ConnectionLost, error));
            throw;
        }
        catch (OperationCanceledException) when (_lifetime.IsCancellationRequested)
        {
            throw new MqttException(MqttErrorCode.ConnectionLost, "The connection ended while a packet was being sent.");
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private static MqttException NotConnected() =>
        new(MqttErrorCode.NotConnected, "The client is not connected; connect a new MqttClient (it does not reconnect by itself).");

    /// <summary>
    /// Ends the connection exactly once: stops the loops, drops the transport, fails every pending operation and completes
    /// <see cref="Disconnected"/>. Synchronous and callable from any loop. A close the application started (state Closing)
    /// is reported as ClientDisconnected whatever the loops saw on the way down.
    /// </summary>
    private void Terminate(MqttDisconnectInfo info)
    {
        int previous = Interlocked.Exchange(ref _state, StateClosed);
        if (previous == StateClosed)
        {
            return;
        }

        if (previous == StateClosing)
        {
            info = new MqttDisconnectInfo(MqttDisconnectReason.ClientDisconnected, null);
        }

        _lifetime.Cancel();
        _transport.Abort();
        var lost = new MqttException(
            MqttErrorCode.ConnectionLost,
            info.Error is null ? "The client disconnected before the operation completed." : $"The connection ended: {info.Error.Message}",
            info.Error);
        _pending.FailAll(lost);
        if (_connAck.TrySetException(info.Error ?? lost))
        {
            _ = _connAck.Task.Exception; // Observed here too: a cancelled ConnectAsync no longer awaits it.
        }

        Volatile.Read(ref _pingResponse)?.TrySetCanceled();
        _inbox.Writer.TryComplete();
        _disconnected.TrySetResult(info);
    }
}
