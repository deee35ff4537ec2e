namespace Realtime.Client;

/// <summary>
/// Reconnect delays: exponential (initial × 2^attempt, capped) with "equal jitter" (half fixed, half random), so many
/// clients dropped at once by the same outage do not come back in lockstep.
/// </summary>
internal static class Backoff
{
    public static TimeSpan Delay(int attempt, TimeSpan initial, TimeSpan max, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        double exponential = initial.TotalMilliseconds * Math.Pow(2, Math.Min(attempt, 20));
        double capped = Math.Min(exponential, max.TotalMilliseconds);
        return TimeSpan.FromMilliseconds((capped / 2) + (random.NextDouble() * capped / 2));
    }
}
