namespace Realtime.Mqtt;

/// <summary>The message the broker publishes on the client's behalf when the connection ends without DISCONNECT.</summary>
/// <param name="Topic">Topic name (no wildcards).</param>
/// <param name="Payload">Will payload.</param>
/// <param name="Qos">Delivery guarantee of the will message.</param>
/// <param name="Retain">Whether the broker retains the will message.</param>
public sealed record MqttWill(string Topic, ReadOnlyMemory<byte> Payload, MqttQos Qos = MqttQos.AtMostOnce, bool Retain = false);
