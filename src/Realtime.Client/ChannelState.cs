namespace Realtime.Client;

/// <summary>Where a channel is; <see cref="ChannelClient.Changed"/> reports every change with its reason.</summary>
public enum ChannelState
{
    /// <summary>Connecting and subscribing to the response topic; requests wait for <c>ready</c>.</summary>
    Connecting,

    /// <summary><c>hello</c> and the trigger sent: waiting for the responder's <c>ready</c>; requests wait for it.</summary>
    Starting,

    /// <summary>The responder said <c>ready</c>: requests go out at once.</summary>
    Ready,

    /// <summary>The connection dropped; reconnecting with backoff (renewing first when the URL is stale). Requests wait.</summary>
    Reconnecting,

    /// <summary>The responder left (<c>bye</c> idle, deadline, error); the next request starts it again.</summary>
    Idle,

    /// <summary>Closed by the app, or the channel could not be kept (credentials expired). Final.</summary>
    Closed,
}
