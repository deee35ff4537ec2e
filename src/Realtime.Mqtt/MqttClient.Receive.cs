using System.Buffers;
using System.IO.Pipelines;
using Realtime.Mqtt.Packets;

namespace Realtime.Mqtt;

/// <summary>The receive loop: bytes in, packets out, each handled without awaiting anything the application controls.</summary>
public sealed partial class MqttClient
{
    private const int ReceiveSegmentSize = 16 * 1024;

    // Whether the first packet, CONNACK, arrived; touched by the receive loop only.
    private bool _connAckReceived;

    private TaskCompletionSource? _pingResponse;

    // The largest packet worth buffering: the payload limit plus the largest topic and header.
    private int MaxIncomingPacketSize =>
        (int)Math.Min(MqttPacketFramer.MaxProtocolPacketSize, (long)_maxPayloadBytes + MqttTopic.MaxUtf8Bytes + 2 + 2 + 5);

    private async Task ReceiveLoopAsync()
    {
        var framer = new MqttPacketFramer(MaxIncomingPacketSize);

        // The pipe only pools segments: WebSocket messages and MQTT packets need not align [MQTT-6.0.0-2]. The framer bounds
        // how much it holds, so the writer never has to pause (pauseWriterThreshold 0).
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 0, minimumSegmentSize: ReceiveSegmentSize, useSynchronizationContext: false));
        MqttDisconnectInfo end;
        try
        {
            while (true)
            {
                int count = await _transport.ReceiveAsync(pipe.Writer.GetMemory(ReceiveSegmentSize), _lifetime.Token).ConfigureAwait(false);
                if (count == 0)
                {
                    end = new MqttDisconnectInfo(
                        MqttDisconnectReason.ConnectionLost,
                        new MqttException(MqttErrorCode.ConnectionLost, "The broker closed the connection (for example because another client connected with the same client id)."));
                    break;
                }

                pipe.Writer.Advance(count);
                await pipe.Writer.FlushAsync(CancellationToken.None).ConfigureAwait(false);
                pipe.Reader.TryRead(out ReadResult result);
                ReadOnlySequence<byte> buffer = result.Buffer;
                try
                {
                    while (framer.TryReadPacket(ref buffer, out ReadOnlySequence<byte> packet))
                    {
                        Handle(MqttPacketDecoder.Decode(packet));
                    }
                }
                finally
                {
                    pipe.Reader.AdvanceTo(buffer.Start, buffer.End);
                }
            }
        }
        catch (OperationCanceledException) when (_lifetime.IsCancellationRequested)
        {
            return; // Someone else ended the connection.
        }
        catch (MqttException error) when (error.Code == MqttErrorCode.ProtocolViolation)
        {
            end = new MqttDisconnectInfo(MqttDisconnectReason.ProtocolViolation, error);
            await TryCloseForProtocolErrorAsync().ConfigureAwait(false);
        }
        catch (MqttException error)
        {
            end = new MqttDisconnectInfo(MqttDisconnectReason.ConnectionLost, error);
        }
        catch (Exception unexpected)
        {
            // Last resort: whatever broke the loop, the connection must still end and report it.
            end = new MqttDisconnectInfo(
                MqttDisconnectReason.ConnectionLost,
                new MqttException(MqttErrorCode.ConnectionLost, $"The receive loop failed: {unexpected.Message}", unexpected));
        }

        Terminate(end);
    }

    private void Handle(MqttPacket packet)
    {
        if (!_connAckReceived)
        {
            // [MQTT-3.2.0-1]: the first packet from the server is CONNACK.
            if (packet is not ConnAckPacket connAck)
            {
                throw Unexpected(packet, "before CONNACK");
            }

            _connAckReceived = true;
            _connAck.TrySetResult(connAck);
            return;
        }

        switch (packet)
        {
            case PublishPacket publish:
                Accept(publish);
                break;
            case PubAckPacket pubAck:
                Complete(pubAck.PacketId, packet);
                break;
            case SubAckPacket subAck:
                Complete(subAck.PacketId, packet);
                break;
            case UnsubAckPacket unsubAck:
                Complete(unsubAck.PacketId, packet);
                break;
            case PingRespPacket:
                Volatile.Read(ref _pingResponse)?.TrySetResult();
                break;
            default:
                // CONNECT, a second CONNACK, SUBSCRIBE, UNSUBSCRIBE, PINGREQ and DISCONNECT never come from a server.
                throw Unexpected(packet, "from a server");
        }
    }

    private void Complete(ushort packetId, MqttPacket acknowledgement)
    {
        if (!_pending.TryComplete(packetId, acknowledgement))
        {
            throw Unexpected(acknowledgement, $"for packet id {packetId}, which awaits a different acknowledgement");
        }
    }

    private void Accept(PublishPacket publish)
    {
        if (publish.Qos == MqttQos.ExactlyOnce)
        {
            // This client never subscribes with QoS 2, so the broker may not send it [MQTT-3.8.4-6].
            throw Unexpected(publish, "with QoS 2, which this client never requests");
        }

        if (publish.Payload.Length > _maxPayloadBytes)
        {
            throw new MqttException(
                MqttErrorCode.ProtocolViolation,
                $"Received a {publish.Payload.Length}-byte payload on '{publish.Topic}', above MaxPayloadBytes ({_maxPayloadBytes}); raise the limit if such messages are expected.");
        }

        _inbox.Writer.TryWrite(publish);
    }

    private static MqttException Unexpected(MqttPacket packet, string context) =>
        new(MqttErrorCode.ProtocolViolation, $"The broker sent an unexpected {packet.Type.ToString().ToUpperInvariant()} {context}.");

    private async Task TryCloseForProtocolErrorAsync()
    {
        // Best effort, bounded: tell the peer why (WebSocket close 1002) if the send side is free, then drop.
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        try
        {
            await _sendLock.WaitAsync(grace.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        try
        {
            await _transport.CloseAsync(protocolError: true, grace.Token).ConfigureAwait(false);
        }
        finally
        {
            _sendLock.Release();
        }
    }
}
