namespace Realtime.Channels;

/// <summary>What a client publishes on the session topic to start a responder: <c>{"channelId":"&lt;id&gt;"}</c>.</summary>
/// <param name="ChannelId">The channel id the session function issued.</param>
public sealed record TriggerMessage(string ChannelId);
