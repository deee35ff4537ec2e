namespace Realtime.Client;

/// <summary>When to renew: before the credentials expire (renewal needs them), and before a reconnect with a stale URL.</summary>
internal static class RenewalSchedule
{
    /// <summary>
    /// The time to renew proactively: <paramref name="renewBefore"/> ahead of the credentials' expiry, but never earlier than
    /// two thirds into their lifetime (short test lifetimes), and never before <paramref name="issuedAt"/>.
    /// </summary>
    public static DateTimeOffset RenewAt(DateTimeOffset issuedAt, DateTimeOffset credentialsExpire, TimeSpan renewBefore)
    {
        TimeSpan lifetime = credentialsExpire - issuedAt;
        if (lifetime <= TimeSpan.Zero)
        {
            return issuedAt;
        }

        TimeSpan ahead = renewBefore < lifetime / 3 ? renewBefore : lifetime / 3;
        return credentialsExpire - ahead;
    }

    /// <summary>True when a URL expiring at <paramref name="urlExpires"/> should not be used for a new connection now.</summary>
    public static bool UrlIsStale(DateTimeOffset urlExpires, DateTimeOffset now, TimeSpan margin) => urlExpires - margin <= now;
}
