namespace Realtime.Mqtt.Packets;

/// <summary>SUBACK (MQTT 3.1.1 section 3.9): one return code per requested filter, in order [MQTT-3.8.4-5].</summary>
/// <param name="PacketId">Identifier of the acknowledged SUBSCRIBE.</param>
/// <param name="ReturnCodes">Granted QoS (0, 1, 2) or <see cref="FailureReturnCode"/> (0x80) per filter.</param>
public sealed record SubAckPacket(ushort PacketId, IReadOnlyList<byte> ReturnCodes) : MqttPacket
{
    /// <summary>The SUBACK return code for a refused subscription.</summary>
    public const byte FailureReturnCode = 0x80;

    /// <inheritdoc />
    public override MqttPacketType Type => MqttPacketType.SubAck;
}
