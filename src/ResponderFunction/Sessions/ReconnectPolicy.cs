namespace ResponderFunction.Sessions;

/// <summary>
/// How often and how fast a session (re)connects: the first attempt at once, then exponential backoff
/// (<see cref="InitialDelay"/> doubling up to <see cref="MaxDelay"/>), at most <see cref="MaxAttempts"/> attempts per outage.
/// An outage lasts until a connection has stayed up for <see cref="StableAfter"/>: a connection that drops sooner does not
/// reset the backoff, so a broker that accepts and then drops at once cannot make the session reconnect in a tight loop.
/// </summary>
/// <param name="MaxAttempts">Attempts per outage, including the first, immediate one.</param>
/// <param name="InitialDelay">The wait before the second attempt.</param>
/// <param name="MaxDelay">The longest wait between attempts.</param>
/// <param name="ConnectTimeout">The longest one attempt (WebSocket upgrade + CONNECT + SUBSCRIBE) may take.</param>
internal sealed record ReconnectPolicy(int MaxAttempts, TimeSpan InitialDelay, TimeSpan MaxDelay, TimeSpan ConnectTimeout)
{
    /// <summary>8 attempts: 0, 0.25, 0.5, 1, 2, 4, 8, 8 s apart (about 24 s of trying); 10 s per attempt.</summary>
    public static ReconnectPolicy Default { get; } = new(8, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(10));

    /// <summary>How long a connection must stay up before a drop counts as a new outage (backoff starts over).</summary>
    public TimeSpan StableAfter { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The wait before attempt <paramref name="attempt"/> (0-based): zero for the first.</summary>
    public TimeSpan DelayBefore(int attempt)
    {
        if (attempt <= 0)
        {
            return TimeSpan.Zero;
        }

        double ticks = InitialDelay.Ticks * Math.Pow(2, Math.Min(attempt - 1, 30));
        return ticks >= MaxDelay.Ticks ? MaxDelay : TimeSpan.FromTicks((long)ticks);
    }
}
