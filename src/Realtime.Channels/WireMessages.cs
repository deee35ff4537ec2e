using System.Text.Json.Serialization;

namespace Realtime.Channels;

// The JSON shapes published on a channel's topics (docs/protocol.md), serialized through ChannelJsonContext.

/// <summary>What a client publishes on the session topic to start a responder: <c>{"channelId":"&lt;id&gt;"}</c>.</summary>
/// <param name="ChannelId">The channel id the session function issued.</param>
public sealed record TriggerMessage(string ChannelId);

/// <summary>The responder is subscribed to the request topic: <c>{"type":"ready","channelId":"..","idleSeconds":30}</c>.</summary>
/// <param name="ChannelId">The channel the responder serves.</param>
/// <param name="IdleSeconds">How long the responder waits for a request before it leaves.</param>
public sealed record ReadyMessage(string ChannelId, int IdleSeconds)
{
    /// <summary>Always <c>ready</c>.</summary>
    [JsonPropertyOrder(-1)]
    public string Type => ChannelMessageTypes.Ready;
}

/// <summary>The sample reply to a request: <c>{"type":"pong","message":"PONG","requestId":".."}</c> (requestId only when the
/// request had one).</summary>
/// <param name="RequestId">The request's <c>requestId</c>, echoed, or null.</param>
public sealed record PongMessage(string? RequestId)
{
    /// <summary>Always <c>pong</c>.</summary>
    [JsonPropertyOrder(-2)]
    public string Type => ChannelMessageTypes.Pong;

    /// <summary>Always <c>PONG</c>, the original design's reply body.</summary>
    [JsonPropertyOrder(-1)]
    public string Message => "PONG";
}

/// <summary>A party leaves the channel: <c>{"type":"bye","reason":".."}</c>.</summary>
/// <param name="Reason">idle, deadline, client-left or error from a responder; disconnected in a browser's will.</param>
public sealed record ByeMessage(string? Reason)
{
    /// <summary>Always <c>bye</c>.</summary>
    [JsonPropertyOrder(-1)]
    public string Type => ChannelMessageTypes.Bye;
}
