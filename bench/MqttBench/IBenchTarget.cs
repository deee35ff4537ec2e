using Realtime.Mqtt;

namespace MqttBench;

/// <summary>One connection that publishes to a topic it is subscribed to.</summary>
internal interface IBenchTarget : IAsyncDisposable
{
    string Name { get; }

    /// <summary>Publishes one message and waits until it comes back (and, for QoS 1, until its PUBACK).</summary>
    Task RoundTripAsync(MqttQos qos, byte[] payload);

    /// <summary>Publishes <paramref name="count"/> messages (QoS 1: at most <paramref name="window"/> unacknowledged) and waits for all to come back.</summary>
    Task PublishManyAsync(MqttQos qos, int count, int window, byte[] payload);
}
