namespace Realtime.Mqtt.Packets;

/// <summary>UNSUBSCRIBE (MQTT 3.1.1 section 3.10); holds at least one topic filter [MQTT-3.10.3-2].</summary>
/// <param name="PacketId">Non-zero packet identifier.</param>
/// <param name="TopicFilters">Topic filters to remove.</param>
public sealed record UnsubscribePacket(ushort PacketId, IReadOnlyList<string> TopicFilters) : MqttPacket
{
    /// <inheritdoc />
    public override MqttPacketType Type => MqttPacketType.Unsubscribe;
}
