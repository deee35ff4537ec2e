using System.Text.Json;

namespace Realtime.LocalCloud.Tests.Support;

/// <summary>The session function's answer (read with JsonDocument: the test checks the wire format, not our types).</summary>
public sealed record SessionInfo(string EndpointUrl, string ChannelId, string ClientId, string SessionTopic, string RequestTopic, string ResponseTopic, string? SharedTopic)
{
    public static SessionInfo Parse(string json)
    {
        using JsonDocument document = JsonDocument.Parse(json);
        JsonElement root = document.RootElement;
        JsonElement topics = root.GetProperty("topics");
        return new SessionInfo(
            root.GetProperty("endpointUrl").GetString()!,
            root.GetProperty("channelId").GetString()!,
            root.GetProperty("clientId").GetString()!,
            topics.GetProperty("session").GetString()!,
            topics.GetProperty("request").GetString()!,
            topics.GetProperty("response").GetString()!,
            topics.TryGetProperty("shared", out JsonElement shared) && shared.ValueKind == JsonValueKind.String ? shared.GetString() : null);
    }
}
