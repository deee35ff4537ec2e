namespace Realtime.Mqtt.Packets;

/// <summary>UNSUBACK (MQTT 3.1.1 section 3.11).</summary>
/// <param name="PacketId">Identifier of the acknowledged UNSUBSCRIBE.</param>
public sealed record UnsubAckPacket(ushort PacketId) : MqttPacket
{
    /// <inheritdoc />
    public override MqttPacketType Type => MqttPacketType.UnsubAck;
}
