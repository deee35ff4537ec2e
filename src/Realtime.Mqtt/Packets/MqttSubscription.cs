namespace Realtime.Mqtt.Packets;

/// <summary>One topic filter of a SUBSCRIBE with its requested maximum QoS.</summary>
/// <param name="TopicFilter">Topic filter; may contain the wildcards + and #.</param>
/// <param name="Qos">Requested maximum QoS.</param>
public sealed record MqttSubscription(string TopicFilter, MqttQos Qos);
