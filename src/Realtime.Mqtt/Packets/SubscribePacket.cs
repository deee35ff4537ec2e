namespace Realtime.Mqtt.Packets;

/// <summary>SUBSCRIBE (MQTT 3.1.1 section 3.8); holds at least one subscription [MQTT-3.8.3-3].</summary>
/// <param name="PacketId">Non-zero packet identifier.</param>
/// <param name="Subscriptions">Topic filters with their requested QoS.</param>
public sealed record SubscribePacket(ushort PacketId, IReadOnlyList<MqttSubscription> Subscriptions) : MqttPacket
{
    /// <inheritdoc />
    public override MqttPacketType Type => MqttPacketType.Subscribe;
}
