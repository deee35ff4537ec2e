namespace Realtime.Mqtt.Packets;

/// <summary>PUBACK (MQTT 3.1.1 section 3.4): acknowledges a QoS 1 PUBLISH.</summary>
/// <param name="PacketId">Identifier of the acknowledged PUBLISH.</param>
public sealed record PubAckPacket(ushort PacketId) : MqttPacket
{
    /// <inheritdoc />
    public override MqttPacketType Type => MqttPacketType.PubAck;
}
