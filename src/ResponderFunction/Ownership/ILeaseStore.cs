using Realtime.Channels;

namespace ResponderFunction.Ownership;

/// <summary>
/// Conditional writes on lease items (one per channel): the only operations the responder needs, and the only rights its
/// role has on the table. Transient failures throw <see cref="LeaseStoreException"/>.
/// </summary>
internal interface ILeaseStore
{
    /// <summary>Writes the lease for <paramref name="owner"/> if no lease exists or the existing one expired before <paramref name="now"/>.</summary>
    Task<bool> TryAcquireAsync(ChannelId channel, string owner, DateTimeOffset now, DateTimeOffset expiresAt, CancellationToken cancellationToken);

    /// <summary>Moves the expiry of <paramref name="owner"/>'s lease; false when the lease is no longer <paramref name="owner"/>'s.</summary>
    Task<bool> TryRenewAsync(ChannelId channel, string owner, DateTimeOffset expiresAt, CancellationToken cancellationToken);

    /// <summary>Deletes <paramref name="owner"/>'s lease; false when it was no longer <paramref name="owner"/>'s (nothing deleted).</summary>
    Task<bool> TryReleaseAsync(ChannelId channel, string owner, CancellationToken cancellationToken);
}
