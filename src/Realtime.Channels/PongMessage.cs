using System.Text.Json.Serialization;

namespace Realtime.Channels;

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
