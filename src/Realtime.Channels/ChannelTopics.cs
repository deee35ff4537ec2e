using System.Text.Json.Serialization;

namespace Realtime.Channels;

/// <summary>The MQTT topics of one channel: <c>&lt;prefix&gt;/session</c>, <c>&lt;prefix&gt;/&lt;id&gt;/request</c>,
/// <c>&lt;prefix&gt;/&lt;id&gt;/response</c> and the optional shared <c>&lt;prefix&gt;/&lt;shared&gt;</c>.</summary>
/// <param name="Session">Where clients publish triggers; the IoT rule listens here.</param>
/// <param name="Request">Client to responder.</param>
/// <param name="Response">Responder to client (ready, pong, bye).</param>
/// <param name="Shared">The shared demo topic, or null when SHARED_TOPIC is not set.</param>
public sealed record ChannelTopics(
    string Session,
    string Request,
    string Response,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Shared)
{
    /// <summary>The last level of the session topic.</summary>
    public const string SessionLevel = "session";

    /// <summary>The longest shared topic name, in characters.</summary>
    public const int MaxSharedNameLength = 64;

    /// <summary>The topics of <paramref name="channelId"/> under <paramref name="prefix"/>.</summary>
    /// <param name="prefix">The validated topic prefix.</param>
    /// <param name="channelId">The validated channel id.</param>
    /// <param name="sharedName">SHARED_TOPIC (the last level of the shared topic), or null for none.</param>
    public static ChannelTopics For(TopicPrefix prefix, ChannelId channelId, string? sharedName = null)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentNullException.ThrowIfNull(channelId);
        if (sharedName is not null && !IsValidSharedName(sharedName))
        {
            throw new FormatException(
                $"'{ChannelNames.Excerpt(sharedName)}' is not a shared topic name: use 1 to {MaxSharedNameLength} characters of " +
                $"A-Z, a-z, 0-9, '_' or '-', other than '{SessionLevel}'.");
        }

        return new ChannelTopics(
            SessionTopic(prefix),
            $"{prefix.Value}/{channelId.Value}/request",
            $"{prefix.Value}/{channelId.Value}/response",
            sharedName is null ? null : $"{prefix.Value}/{sharedName}");
    }

    /// <summary>The session topic of <paramref name="prefix"/>, e.g. <c>foobar/session</c>.</summary>
    public static string SessionTopic(TopicPrefix prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        return $"{prefix.Value}/{SessionLevel}";
    }

    /// <summary>True when <paramref name="name"/> can be the shared topic's last level (it must not shadow the session topic).</summary>
    public static bool IsValidSharedName(string? name)
        => name is not null && ChannelNames.IsValid(name, MaxSharedNameLength) && name != SessionLevel;
}
