namespace Realtime.Channels;

/// <summary>Any message on a response topic, read loosely (every field optional); used by clients, tests and the local cloud.</summary>
/// <param name="Type">ready, pong or bye.</param>
/// <param name="ChannelId">ready: the channel served.</param>
/// <param name="IdleSeconds">ready: the responder's idle time.</param>
/// <param name="Message">pong: <c>PONG</c>.</param>
/// <param name="RequestId">pong: the echoed request id.</param>
/// <param name="Reason">bye: why the sender left.</param>
public sealed record ChannelMessage(
    string? Type,
    string? ChannelId = null,
    int? IdleSeconds = null,
    string? Message = null,
    string? RequestId = null,
    string? Reason = null);
