namespace ResponderFunction.Sessions;

/// <summary>The timing and bounds of a session.</summary>
internal sealed record SessionOptions
{
    /// <summary>AWS IoT Core's payload limit for a PUBLISH (docs/mqtt.md): larger requests are dropped, not served.</summary>
    public const int MaxRequestBytes = 128 * 1024;

    /// <summary>End after this long without a request (SESSION_IDLE_SECONDS).</summary>
    public required TimeSpan IdleTime { get; init; }

    /// <summary>End this long before the invocation's deadline (DEADLINE_MARGIN_SECONDS); also bounds the goodbye.</summary>
    public required TimeSpan DeadlineMargin { get; init; }

    /// <summary>Connect and reconnect attempts.</summary>
    public ReconnectPolicy Reconnect { get; init; } = ReconnectPolicy.Default;

    /// <summary>The longest a publish may wait for its PUBACK; after that the connection is considered broken (reconnect, re-send once).</summary>
    public TimeSpan PublishTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>QoS 1 publishes unacknowledged at a time, replies plus the ready or bye; AWS IoT allows 100 (docs/mqtt.md).</summary>
    public int MaxInFlight { get; init; } = 100;

    /// <summary>
    /// Requests received but not yet handled. At the bound a QoS 1 request is not acknowledged until there is room (the broker
    /// holds the rest back); a QoS 0 request is dropped with a warning.
    /// </summary>
    public int InboxCapacity { get; init; } = 64;
}
