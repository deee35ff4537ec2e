using System.Security.Cryptography;

namespace Realtime.Channels;

/// <summary>
/// MQTT client ids of a channel. The browser's id is deterministic (<c>client-&lt;channelId&gt;</c>) so the responder can
/// compare it with the IoT rule's <c>clientid()</c>; responder ids are fresh per connection because AWS IoT disconnects the
/// older of two connections with the same id (docs/aws-facts.md#iot-mqtt-limits).
/// </summary>
public static class ClientIds
{
    /// <summary>The prefix of client (browser) ids.</summary>
    public const string ClientPrefix = "client-";

    /// <summary>The prefix of responder ids.</summary>
    public const string ResponderPrefix = "responder-";

    /// <summary>The id the session function issues to the browser of <paramref name="channelId"/>.</summary>
    public static string ForClient(ChannelId channelId)
    {
        ArgumentNullException.ThrowIfNull(channelId);
        return ClientPrefix + channelId.Value;
    }

    /// <summary>A new responder id for one connection: <c>responder-&lt;channelId&gt;-&lt;8 random hex&gt;</c> (at most 83 characters,
    /// under AWS IoT's 128-byte limit).</summary>
    public static string NewResponder(ChannelId channelId)
    {
        ArgumentNullException.ThrowIfNull(channelId);
        return $"{ResponderPrefix}{channelId.Value}-{RandomNumberGenerator.GetHexString(8, lowercase: true)}";
    }
}
