namespace Realtime.LocalCloud.Iot;

/// <summary>
/// AWS IoT Core's message broker limits that the local endpoint enforces
/// (https://docs.aws.amazon.com/general/latest/gr/iot-core.html#message-broker-limits).
/// </summary>
internal static class IotLimits
{
    /// <summary>Largest payload of a PUBLISH or a will: 128 KB.</summary>
    public const int MaxPayloadBytes = 128 * 1024;

    /// <summary>
    /// Largest Remaining Length accepted on the wire before a packet is read: the payload limit plus room for a topic, a packet
    /// id and CONNECT fields. Anything longer is refused before a buffer is allocated for it.
    /// </summary>
    public const int MaxRemainingLength = MaxPayloadBytes + 4096;

    /// <summary>Longest client id: 128 bytes.</summary>
    public const int MaxClientIdBytes = 128;

    /// <summary>Unacknowledged QoS 1 messages per connection and direction.</summary>
    public const int MaxInFlight = 100;

    /// <summary>Deliveries queued for one slow client before the oldest is dropped (bounds memory; AWS documents no number).</summary>
    public const int MaxQueuedPerClient = 1000;

    /// <summary>A WebSocket that sends no CONNECT within this time is closed.</summary>
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);
}
