namespace Realtime.Channels;

/// <summary>The values of the <c>type</c> field of channel messages.</summary>
public static class ChannelMessageTypes
{
    /// <summary>Responder subscribed; requests sent from now on are served.</summary>
    public const string Ready = "ready";

    /// <summary>A reply to one request.</summary>
    public const string Pong = "pong";

    /// <summary>A client that (re)subscribed asks whether a responder is there: a live responder answers with ready.</summary>
    public const string Hello = "hello";

    /// <summary>The sender leaves the channel.</summary>
    public const string Bye = "bye";
}
