namespace Realtime.Channels;

/// <summary>The session function's 200 body (for <c>GET /</c> and <c>POST /renew</c>): everything a client needs to join its channel.</summary>
/// <param name="EndpointUrl">The presigned <c>wss://</c> MQTT URL (a secret: never log it unredacted).</param>
/// <param name="ChannelId">The issued channel id.</param>
/// <param name="ClientId">The MQTT client id to connect with: <c>client-&lt;channelId&gt;</c>.</param>
/// <param name="ExpiresAt">When the URL stops being accepted, ISO-8601 UTC.</param>
/// <param name="Topics">The channel's topics (<c>shared</c> is null when there is no shared topic).</param>
/// <param name="Region">The AWS region to sign <c>POST /renew</c> for (service <c>execute-api</c>).</param>
/// <param name="Credentials">The scoped credentials the URL was signed with; null when the function runs unscoped (no renewal then).</param>
public sealed record SessionResponse(
    string EndpointUrl,
    string ChannelId,
    string ClientId,
    string ExpiresAt,
    ChannelTopics Topics,
    string? Region = null,
    SessionCredentials? Credentials = null);
