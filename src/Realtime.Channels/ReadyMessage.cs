using System.Text.Json.Serialization;

namespace Realtime.Channels;

/// <summary>The responder is subscribed to the request topic: <c>{"type":"ready","channelId":"..","idleSeconds":30}</c>.</summary>
/// <param name="ChannelId">The channel the responder serves.</param>
/// <param name="IdleSeconds">How long the responder waits for a request before it leaves.</param>
public sealed record ReadyMessage(string ChannelId, int IdleSeconds)
{
    /// <summary>Always <c>ready</c>.</summary>
    [JsonPropertyOrder(-1)]
    public string Type => ChannelMessageTypes.Ready;
}
