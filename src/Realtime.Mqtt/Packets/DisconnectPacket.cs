namespace Realtime.Mqtt.Packets;

/// <summary>DISCONNECT (MQTT 3.1.1 section 3.14): the client's graceful close; the broker discards the will [MQTT-3.14.4-3].</summary>
public sealed record DisconnectPacket : MqttPacket
{
    /// <summary>The only instance needed: the packet has no fields.</summary>
    public static DisconnectPacket Instance { get; } = new();

    /// <inheritdoc />
    public override MqttPacketType Type => MqttPacketType.Disconnect;
}
