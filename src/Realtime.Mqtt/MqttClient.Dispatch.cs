using Realtime.Mqtt.Packets;

namespace Realtime.Mqtt;

/// <summary>The dispatch loop: runs the application's handler for each incoming message, then acknowledges QoS 1.</summary>
public sealed partial class MqttClient
{
    private async Task DispatchLoopAsync()
    {
        DispatchingClient.Value = this;
        CancellationToken token = _lifetime.Token;
        try
        {
            while (await _inbox.Reader.WaitToReadAsync(token).ConfigureAwait(false))
            {
                while (!token.IsCancellationRequested && _inbox.Reader.TryRead(out PublishPacket? publish))
                {
                    await DeliverAsync(publish, token).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // The connection ended; undelivered messages go with it (QoS 1 ones were never acknowledged).
        }
        catch (MqttException)
        {
            // A PUBACK could not be sent: the connection ended, and Terminate has reported why.
        }
    }

    private async Task DeliverAsync(PublishPacket publish, CancellationToken token)
    {
        if (_messageHandler is { } handler)
        {
            try
            {
                await handler(new MqttMessage(publish.Topic, publish.Payload, publish.Qos, publish.Retain), token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception)
            {
                // Deliberate: the handler owns its errors (this client has no logger). The message still counts as
                // delivered and is acknowledged below: withholding the PUBACK would not bring it back before a reconnect,
                // but would hold one of the broker's few in-flight slots (AWS IoT 100, Mosquitto 20) forever.
            }
        }

        if (publish.Qos == MqttQos.AtLeastOnce)
        {
            // After the handler ran [MQTT-4.3.2-2], in arrival order [MQTT-4.6.0-2].
            await SendPacketAsync(new PubAckPacket(publish.PacketId), token).ConfigureAwait(false);
        }
    }
}
