using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Realtime.Channels;

/// <summary>Encodes channel messages to UTF-8 JSON payloads and reads response-topic messages.</summary>
public static class ChannelMessages
{
    /// <summary><c>{"channelId":"&lt;id&gt;"}</c>, published by a client on the session topic.</summary>
    public static byte[] Trigger(ChannelId channelId)
    {
        ArgumentNullException.ThrowIfNull(channelId);
        return JsonSerializer.SerializeToUtf8Bytes(new TriggerMessage(channelId.Value), ChannelJsonContext.Default.TriggerMessage);
    }

    /// <summary><c>{"type":"ready","channelId":"..","idleSeconds":n}</c>, published once the responder is subscribed.</summary>
    public static byte[] Ready(ChannelId channelId, int idleSeconds)
    {
        ArgumentNullException.ThrowIfNull(channelId);
        return JsonSerializer.SerializeToUtf8Bytes(new ReadyMessage(channelId.Value, idleSeconds), ChannelJsonContext.Default.ReadyMessage);
    }

    /// <summary><c>{"type":"pong","message":"PONG"}</c>, plus <c>"requestId"</c> when <paramref name="requestId"/> is not null.</summary>
    public static byte[] Pong(string? requestId)
        => JsonSerializer.SerializeToUtf8Bytes(new PongMessage(requestId), ChannelJsonContext.Default.PongMessage);

    /// <summary><c>{"type":"bye","reason":".."}</c>, published by a responder as it leaves.</summary>
    public static byte[] Bye(ByeReason reason)
        => JsonSerializer.SerializeToUtf8Bytes(new ByeMessage(reason.ToWireName()), ChannelJsonContext.Default.ByeMessage);

    /// <summary><c>{"type":"bye","reason":"disconnected"}</c>: the MQTT will a browser sets on its request topic.</summary>
    public static byte[] ClientWill()
        => JsonSerializer.SerializeToUtf8Bytes(new ByeMessage(ByeReasonNames.Disconnected), ChannelJsonContext.Default.ByeMessage);

    /// <summary><c>{"type":"bye"}</c>: a client leaving on purpose.</summary>
    public static byte[] ClientBye()
        => JsonSerializer.SerializeToUtf8Bytes(new ByeMessage(Reason: null), ChannelJsonContext.Default.ByeMessage);

    /// <summary><c>{"type":"hello"}</c>: a client that (re)subscribed asks a live responder to say ready again.</summary>
    public static byte[] ClientHello() => "{\"type\":\"hello\"}"u8.ToArray();

    /// <summary>Reads a response-topic message; false (never an exception) when the payload is not a JSON object.</summary>
    public static bool TryParse(ReadOnlySpan<byte> payload, [NotNullWhen(true)] out ChannelMessage? message)
    {
        try
        {
            message = JsonSerializer.Deserialize(payload, ChannelJsonContext.Default.ChannelMessage);
        }
        catch (JsonException)
        {
            message = null;
        }

        return message is not null;
    }
}
