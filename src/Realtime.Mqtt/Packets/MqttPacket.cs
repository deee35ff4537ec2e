namespace Realtime.Mqtt.Packets;

/// <summary>Base of the immutable MQTT 3.1.1 control packet records.</summary>
public abstract record MqttPacket
{
    /// <summary>The control packet type.</summary>
    public abstract MqttPacketType Type { get; }
}
