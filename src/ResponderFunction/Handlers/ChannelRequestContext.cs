using Realtime.Channels;
using Realtime.Lambda;

namespace ResponderFunction.Handlers;

/// <summary>One request as a handler sees it.</summary>
/// <param name="ChannelId">The channel (one browser session) the request belongs to.</param>
/// <param name="Payload">The raw request payload: untrusted, any bytes up to the MQTT payload limit.</param>
/// <param name="RequestId">The payload's string <c>requestId</c>, if it had one; echo it in your reply.</param>
/// <param name="Logger">The invocation's logger.</param>
internal sealed record ChannelRequestContext(ChannelId ChannelId, ReadOnlyMemory<byte> Payload, string? RequestId, ILambdaLogger Logger);
