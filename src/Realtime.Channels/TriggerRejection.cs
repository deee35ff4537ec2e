namespace Realtime.Channels;

/// <summary>Why a trigger payload was refused.</summary>
public enum TriggerRejection
{
    /// <summary>Not refused.</summary>
    None,

    /// <summary>Larger than <see cref="TriggerParser.MaxPayloadBytes"/>.</summary>
    Oversized,

    /// <summary>Not valid JSON.</summary>
    MalformedJson,

    /// <summary>Valid JSON, but not an object.</summary>
    NotAnObject,

    /// <summary>A property appears twice, so its meaning is ambiguous.</summary>
    DuplicateProperty,

    /// <summary>No <c>channelId</c> property.</summary>
    MissingChannelId,

    /// <summary><c>channelId</c> is not a JSON string.</summary>
    ChannelIdNotString,

    /// <summary><c>channelId</c> breaks the <c>[A-Za-z0-9_-]{1,64}</c> rule (e.g. contains <c>+</c>, <c>#</c> or <c>/</c>).</summary>
    InvalidChannelId,

    /// <summary><c>clientId</c> (added by the IoT rule) is not a JSON string.</summary>
    ClientIdNotString,

    /// <summary><c>clientId</c> is not <c>client-&lt;channelId&gt;</c>: someone tried to start a responder for another channel.</summary>
    ClientIdMismatch,
}
