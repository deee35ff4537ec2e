using Realtime.Channels;

namespace SessionFunction.Sessions;

/// <summary>What one browser session may use: its channel, its MQTT client id and its topics.</summary>
internal sealed record SessionScope(ChannelId ChannelId, string ClientId, ChannelTopics Topics)
{
    /// <summary>A new session: a fresh CSPRNG channel id, <c>client-&lt;id&gt;</c>, and the channel's topics.</summary>
    public static SessionScope New(TopicPrefix prefix, string? sharedTopic)
    {
        ChannelId id = ChannelId.New();
        return new SessionScope(id, ClientIds.ForClient(id), ChannelTopics.For(prefix, id, sharedTopic));
    }
}
