namespace ResponderFunction.Sessions;

/// <summary>The timing of a session.</summary>
internal sealed record SessionOptions
{
    /// <summary>End after this long without a request (SESSION_IDLE_SECONDS).</summary>
    public required TimeSpan IdleTime { get; init; }

    /// <summary>End this long before the invocation's deadline (DEADLINE_MARGIN_SECONDS); also bounds the goodbye.</summary>
    public required TimeSpan DeadlineMargin { get; init; }

    /// <summary>Connect and reconnect attempts.</summary>
    public ReconnectPolicy Reconnect { get; init; } = ReconnectPolicy.Default;

    /// <summary>The longest a publish (PUBACK) may take before the connection is considered broken.</summary>
    public TimeSpan PublishTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Replies kept for re-sending while disconnected; AWS allows 100 unacknowledged QoS 1 messages (AWS-NOTES).</summary>
    public int MaxPendingReplies { get; init; } = 100;
}
