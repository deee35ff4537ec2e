using Realtime.Channels;

namespace SessionFunction.Sessions;

/// <summary>What one client session may use: its channel, its MQTT client id, its topics and its renewal route.</summary>
/// <param name="ChannelId">The channel.</param>
/// <param name="ClientId"><c>client-&lt;channelId&gt;</c>.</param>
/// <param name="Topics">The channel's topics.</param>
/// <param name="RenewRouteArn">The <c>execute-api:Invoke</c> ARN of <c>POST /renew</c>, or null when the request came from no HTTP API (no renewal right).</param>
internal sealed record SessionScope(ChannelId ChannelId, string ClientId, ChannelTopics Topics, string? RenewRouteArn = null)
{
    /// <summary>A new session: a fresh CSPRNG channel id, <c>client-&lt;id&gt;</c>, and the channel's topics.</summary>
    public static SessionScope New(TopicPrefix prefix, string? sharedTopic, string? renewRouteArn = null)
        => For(ChannelId.New(), prefix, sharedTopic, renewRouteArn);

    /// <summary>The scope of an existing channel (a renewal): built by the same rules as a new one, so it is never wider.</summary>
    public static SessionScope For(ChannelId id, TopicPrefix prefix, string? sharedTopic, string? renewRouteArn)
        => new(id, ClientIds.ForClient(id), ChannelTopics.For(prefix, id, sharedTopic), renewRouteArn);
}
