using System.Text.Json;
using Realtime.Aws;

namespace Realtime.LocalCloud.Tests.Support;

/// <summary>
/// The session function's answer (read with JsonDocument: the test checks the wire format, not our types). Region and
/// Credentials are there in scoped mode only (a client role is configured), null otherwise.
/// </summary>
public sealed record SessionInfo(
    string EndpointUrl, string ChannelId, string ClientId, string SessionTopic, string RequestTopic, string ResponseTopic, string? SharedTopic,
    string? Region = null, AwsCredentials? Credentials = null)
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
            topics.TryGetProperty("shared", out JsonElement shared) && shared.ValueKind == JsonValueKind.String ? shared.GetString() : null,
            root.TryGetProperty("region", out JsonElement region) ? region.GetString() : null,
            root.TryGetProperty("credentials", out JsonElement c)
                ? new AwsCredentials(c.GetProperty("accessKeyId").GetString()!, c.GetProperty("secretAccessKey").GetString()!, c.GetProperty("sessionToken").GetString())
                : null);
    }
}
