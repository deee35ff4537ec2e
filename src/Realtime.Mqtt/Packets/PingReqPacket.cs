namespace Realtime.Mqtt.Packets;

/// <summary>PINGREQ (MQTT 3.1.1 section 3.12).</summary>
public sealed record PingReqPacket : MqttPacket
{
    /// <summary>The only instance needed: the packet has no fields.</summary>
    public static PingReqPacket Instance { get; } = new();

    /// <inheritdoc />
    public override MqttPacketType Type => MqttPacketType.PingReq;
}
