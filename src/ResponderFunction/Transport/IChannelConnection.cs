namespace ResponderFunction.Transport;

/// <summary>
/// One live MQTT connection, reduced to what a session needs. Operations throw <see cref="ChannelConnectionException"/>;
/// once the connection is gone they fail at once and <see cref="Closed"/> completes.
/// </summary>
/// <remarks>
/// Publishes are written in the order <see cref="PublishAsync"/> is called (the returned task only waits for the PUBACK), so a
/// caller may start the next publish before the previous one is acknowledged and the broker still sees them in order.
/// </remarks>
internal interface IChannelConnection : IAsyncDisposable
{
    /// <summary>Completes (never faults) when the connection ends for any reason, with a log-safe description of why.</summary>
    Task<string> Closed { get; }

    /// <summary>Subscribes with QoS 1; a refusal (SUBACK 0x80) is a permanent error.</summary>
    Task SubscribeAsync(string topicFilter, CancellationToken cancellationToken);

    /// <summary>
    /// Publishes with QoS 1. The PUBLISH is queued for writing before this returns (call order is wire order); the task
    /// completes when the broker acknowledged it (PUBACK).
    /// </summary>
    Task PublishAsync(string topic, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken);

    /// <summary>Sends DISCONNECT and closes, so the broker does not publish a will or wait for keep-alive.</summary>
    Task DisconnectAsync(CancellationToken cancellationToken);

    /// <summary>Closes at once without DISCONNECT (the connection is considered broken); <see cref="Closed"/> completes with <paramref name="reason"/>.</summary>
    void Abort(string reason);
}
