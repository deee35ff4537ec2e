namespace Realtime.Mqtt;

/// <summary>An application message: what is published and what a subscriber receives.</summary>
/// <param name="Topic">Topic name (no wildcards).</param>
/// <param name="Payload">Payload bytes; the client never mutates them.</param>
/// <param name="Qos">Delivery guarantee; only <see cref="MqttQos.AtMostOnce"/> and <see cref="MqttQos.AtLeastOnce"/> are supported.</param>
/// <param name="Retain">Whether the broker keeps the message for future subscribers.</param>
public sealed record MqttMessage(string Topic, ReadOnlyMemory<byte> Payload, MqttQos Qos = MqttQos.AtMostOnce, bool Retain = false);
