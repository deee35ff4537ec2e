namespace Realtime.Lambda;

/// <summary>One event from <c>GET /runtime/invocation/next</c>: its request id, raw headers (case-insensitive) and body.</summary>
internal sealed record RuntimeInvocation(string RequestId, IReadOnlyDictionary<string, string> Headers, byte[] Body);
