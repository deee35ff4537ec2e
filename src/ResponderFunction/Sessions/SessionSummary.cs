namespace ResponderFunction.Sessions;

/// <summary>The invocation's (always successful) response: what happened in the session.</summary>
/// <param name="ChannelId">The channel served, or null when the trigger was rejected.</param>
/// <param name="Reason">idle, deadline, client-left, error or rejected.</param>
/// <param name="RequestsServed">Requests handled.</param>
/// <param name="Reconnects">Connections re-established after a drop.</param>
internal sealed record SessionSummary(string? ChannelId, string Reason, int RequestsServed, int Reconnects);
