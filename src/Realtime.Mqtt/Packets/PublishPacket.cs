namespace Realtime.Mqtt.Packets;

/// <summary>PUBLISH (MQTT 3.1.1 section 3.3), in either direction.</summary>
/// <param name="Topic">Topic name; never contains wildcards [MQTT-3.3.2-2].</param>
/// <param name="Payload">Application payload.</param>
/// <param name="Qos">Quality of service; the decoder accepts 0..2, the client sends 0 or 1.</param>
/// <param name="Retain">Retain flag.</param>
/// <param name="Duplicate">DUP flag: a re-delivery of an earlier attempt; always false for QoS 0 [MQTT-3.3.1-2].</param>
/// <param name="PacketId">Packet identifier; non-zero when QoS &gt; 0, and 0 (absent) for QoS 0.</param>
public sealed record PublishPacket(
    string Topic,
    ReadOnlyMemory<byte> Payload,
    MqttQos Qos = MqttQos.AtMostOnce,
    bool Retain = false,
    bool Duplicate = false,
    ushort PacketId = 0) : MqttPacket
{
    /// <inheritdoc />
    public override MqttPacketType Type => MqttPacketType.Publish;
}
