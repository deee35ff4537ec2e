using Realtime.Channels;
using ResponderFunction.Ownership;

namespace ResponderFunction.Tests.Ownership;

/// <summary>
/// A lease store with DynamoDB's conditional-write semantics (one lock = one atomic check-and-write), plus fault
/// injection: <see cref="Failing"/> makes every call throw as an unreachable store would.
/// </summary>
internal sealed class InMemoryLeaseStore : ILeaseStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (string Owner, DateTimeOffset ExpiresAt)> _leases = [];

    public bool Failing { get; set; }

    public int Renewals { get; private set; }

    public int Acquisitions { get; private set; }

    public (string Owner, DateTimeOffset ExpiresAt)? Lease(string channel)
    {
        lock (_gate)
        {
            return _leases.TryGetValue(channel, out var lease) ? lease : null;
        }
    }

    public void Set(string channel, string owner, DateTimeOffset expiresAt)
    {
        lock (_gate)
        {
            _leases[channel] = (owner, expiresAt);
        }
    }

    public async Task<bool> TryAcquireAsync(ChannelId channel, string owner, DateTimeOffset now, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        await Task.Yield();
        ThrowIfFailing();
        lock (_gate)
        {
            if (_leases.TryGetValue(channel.Value, out var existing) && existing.ExpiresAt >= now)
            {
                return false;
            }

            _leases[channel.Value] = (owner, expiresAt);
            Acquisitions++;
            return true;
        }
    }

    public async Task<bool> TryRenewAsync(ChannelId channel, string owner, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        await Task.Yield();
        ThrowIfFailing();
        lock (_gate)
        {
            if (!_leases.TryGetValue(channel.Value, out var existing) || existing.Owner != owner)
            {
                return false;
            }

            _leases[channel.Value] = (owner, expiresAt);
            Renewals++;
            return true;
        }
    }

    public async Task<bool> TryReleaseAsync(ChannelId channel, string owner, CancellationToken cancellationToken)
    {
        await Task.Yield();
        ThrowIfFailing();
        lock (_gate)
        {
            return _leases.TryGetValue(channel.Value, out var existing) && existing.Owner == owner && _leases.Remove(channel.Value);
        }
    }

    private void ThrowIfFailing()
    {
        if (Failing)
        {
            throw new LeaseStoreException("store unreachable (injected)");
        }
    }
}
