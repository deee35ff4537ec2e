namespace Realtime.Channels;

/// <summary>The session function's 200 body: everything a browser needs to join its channel.</summary>
/// <param name="EndpointUrl">The presigned <c>wss://</c> MQTT URL (a secret: never log it unredacted).</param>
/// <param name="ChannelId">The issued channel id.</param>
/// <param name="ClientId">The MQTT client id to connect with: <c>client-&lt;channelId&gt;</c>.</param>
/// <param name="ExpiresAt">When the URL stops being accepted, ISO-8601 UTC.</param>
/// <param name="Topics">The channel's topics (<c>shared</c> is null when there is no shared topic).</param>
public sealed record SessionResponse(string EndpointUrl, string ChannelId, string ClientId, string ExpiresAt, ChannelTopics Topics);
