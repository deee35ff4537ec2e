namespace Realtime.Mqtt.Packets;

/// <summary>CONNACK (MQTT 3.1.1 section 3.2).</summary>
/// <param name="SessionPresent">Whether the broker resumed a stored session.</param>
/// <param name="ReturnCode">Accepted, or why the connection was refused.</param>
public sealed record ConnAckPacket(bool SessionPresent, MqttConnectReturnCode ReturnCode) : MqttPacket
{
    /// <inheritdoc />
    public override MqttPacketType Type => MqttPacketType.ConnAck;
}
