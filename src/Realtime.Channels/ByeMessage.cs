using System.Text.Json.Serialization;

namespace Realtime.Channels;

/// <summary>A party leaves the channel: <c>{"type":"bye","reason":".."}</c>.</summary>
/// <param name="Reason">idle, deadline, client-left or error from a responder; disconnected in a browser's will.</param>
public sealed record ByeMessage(string? Reason)
{
    /// <summary>Always <c>bye</c>.</summary>
    [JsonPropertyOrder(-1)]
    public string Type => ChannelMessageTypes.Bye;
}
