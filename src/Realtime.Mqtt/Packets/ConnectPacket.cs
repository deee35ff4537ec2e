namespace Realtime.Mqtt.Packets;

/// <summary>CONNECT (MQTT 3.1.1 section 3.1); protocol name "MQTT", level 4.</summary>
/// <param name="ClientId">Client identifier; may be empty only with <paramref name="CleanSession"/> [MQTT-3.1.3-7].</param>
/// <param name="CleanSession">Whether the broker discards any previous session state.</param>
/// <param name="KeepAliveSeconds">Keep-alive interval in seconds; 0 turns keep-alive off.</param>
/// <param name="Will">Optional will message.</param>
/// <param name="UserName">Optional user name.</param>
/// <param name="Password">Optional password (binary data); requires a user name [MQTT-3.1.2-22].</param>
public sealed record ConnectPacket(
    string ClientId,
    bool CleanSession,
    ushort KeepAliveSeconds,
    MqttWill? Will = null,
    string? UserName = null,
    ReadOnlyMemory<byte>? Password = null) : MqttPacket
{
    /// <inheritdoc />
    public override MqttPacketType Type => MqttPacketType.Connect;
}
