namespace Realtime.TestSupport;

/// <summary>A log line of the local cloud and when it arrived (Stopwatch timestamp).</summary>
public sealed record LogLine(long ArrivedAt, string Text);
