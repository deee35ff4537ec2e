namespace Realtime.Mqtt.Packets;

/// <summary>PINGRESP (MQTT 3.1.1 section 3.13).</summary>
public sealed record PingRespPacket : MqttPacket
{
    /// <summary>The only instance needed: the packet has no fields.</summary>
    public static PingRespPacket Instance { get; } = new();

    /// <inheritdoc />
    public override MqttPacketType Type => MqttPacketType.PingResp;
}
