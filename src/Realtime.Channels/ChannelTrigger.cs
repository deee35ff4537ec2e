namespace Realtime.Channels;

/// <summary>An accepted trigger: the channel to serve and, when the IoT rule added it, the publishing client's id.</summary>
/// <param name="ChannelId">The validated channel id.</param>
/// <param name="ClientId">The rule's <c>clientid()</c>, already checked: <c>client-&lt;channelId&gt;</c>, <c>n/a</c> (HTTPS data plane, hand-made ids only) or null when absent.</param>
public sealed record ChannelTrigger(ChannelId ChannelId, string? ClientId);
