namespace Realtime.Client;

/// <summary>What happened to a channel.</summary>
public enum ChannelEventKind
{
    /// <summary>Connecting (first open, or after a drop); <see cref="ChannelEvent.Reason"/> is <c>opening</c> or <c>reconnected</c>.</summary>
    Connecting,

    /// <summary>
    /// <c>hello</c> and the trigger sent, waiting for <c>ready</c>; <see cref="ChannelEvent.Reason"/>: <c>opening</c>,
    /// <c>reconnected</c>, <c>request after bye</c>, <c>requests pending after bye</c>, <c>stalled</c> (no reply for
    /// <see cref="ChannelClientOptions.StallTimeout"/>), <c>no ready within N s</c>.
    /// </summary>
    Starting,

    /// <summary>The responder said <c>ready</c>.</summary>
    Ready,

    /// <summary>The connection dropped; <see cref="ChannelEvent.Reason"/> says why.</summary>
    Reconnecting,

    /// <summary>A fresh URL and fresh credentials for the same channel arrived from <c>POST /renew</c>.</summary>
    Renewed,

    /// <summary>The responder said <c>bye</c>; <see cref="ChannelEvent.Reason"/> is its reason (idle, deadline, client-left, error).</summary>
    Bye,

    /// <summary>The channel is closed; <see cref="ChannelEvent.Reason"/> says why (closed, expired, ...).</summary>
    Closed,
}

/// <summary>One change of a channel: what happened, the state after it, and why (may be null).</summary>
/// <param name="Kind">What happened.</param>
/// <param name="State">The channel's state after it.</param>
/// <param name="Reason">Why, in a few words (a bye reason, a disconnect cause), or null.</param>
public sealed record ChannelEvent(ChannelEventKind Kind, ChannelState State, string? Reason);
