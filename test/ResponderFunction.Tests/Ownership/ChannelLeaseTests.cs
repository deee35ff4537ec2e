using Realtime.Channels;
using Realtime.Lambda.TestUtilities;
using Realtime.TestSupport;
using ResponderFunction.Ownership;

namespace ResponderFunction.Tests.Ownership;

/// <summary>Taking, renewing, losing and releasing a channel's lease, on a manual clock.</summary>
public sealed class ChannelLeaseTests
{
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(30);
    private static readonly ChannelId Channel = ChannelId.Parse("lease-test");
    private readonly ManualTimeProvider _time = new();
    private readonly InMemoryLeaseStore _store = new();
    private readonly TestLambdaLogger _logger = new();

    private ChannelOwnership Ownership() => new(_store, Duration, _time);

    [Fact]
    public async Task ManyConcurrentTriggers_ExactlyOneTakesTheChannel()
    {
        var ownership = Ownership();
        var attempts = Enumerable.Range(0, 50).Select(i => Task.Run(() => ownership.TryAcquireAsync(Channel, $"owner-{i}", _logger))).ToList();

        // Losers wait out the handover window on the manual clock: move it until every attempt has finished.
        while (!attempts.All(a => a.IsCompleted))
        {
            _time.Advance(TimeSpan.FromMilliseconds(50));
            await Task.Delay(1);
        }

        var results = attempts.Select(a => a.Result).ToList();
        Assert.Single(results, r => r.Lease is not null);
        Assert.Equal(49, results.Count(r => r.Refused == ChannelOwnership.BusyReason));
        Assert.Equal(1, _store.Acquisitions);
        await results.Single(r => r.Lease is not null).Lease!.DisposeAsync();
    }

    [Fact]
    public async Task ALiveLease_IsRenewedEveryThirdOfItsDuration_AndReleasedAtTheEnd()
    {
        var (lease, _) = await Ownership().TryAcquireAsync(Channel, "me", _logger);
        Assert.NotNull(lease);
        DateTimeOffset start = _time.GetUtcNow();

        for (int i = 1; i <= 3; i++)
        {
            await _time.AdvanceToScheduledAsync(Duration / 3);
            await WaitUntil(() => _store.Renewals == i);
            Assert.Equal(start + (i * Duration / 3) + Duration, _store.Lease(Channel.Value)!.Value.ExpiresAt);
        }

        Assert.False(lease.Lost.IsCancellationRequested);
        await lease.DisposeAsync();
        Assert.Null(_store.Lease(Channel.Value));
    }

    [Fact]
    public async Task AHolderThatNeverReleases_BlocksTheChannelUntilExpiry_ThenATriggerTakesOver()
    {
        // A crashed holder: its item stays, nobody renews it.
        _store.Set(Channel.Value, "crashed", _time.GetUtcNow() + Duration);

        Task<(IChannelLease? Lease, string? Refused)> early = Ownership().TryAcquireAsync(Channel, "next", _logger);
        await AdvanceUntilDone(early);
        Assert.Equal(ChannelOwnership.BusyReason, (await early).Refused);

        _time.Advance(Duration); // past the crashed holder's expiry
        var (lease, refused) = await Ownership().TryAcquireAsync(Channel, "next", _logger);

        Assert.Null(refused);
        Assert.NotNull(lease);
        Assert.Equal("next", _store.Lease(Channel.Value)!.Value.Owner);
        await lease.DisposeAsync();
    }

    [Fact]
    public async Task AHolderThatIsLeaving_HandsOverWithinTheHandoverWindow()
    {
        _store.Set(Channel.Value, "leaving", _time.GetUtcNow() + Duration);
        Task<(IChannelLease? Lease, string? Refused)> attempt = Ownership().TryAcquireAsync(Channel, "next", _logger);
        await _time.AdvanceToScheduledAsync(ChannelOwnership.Backoff[0]);

        await _store.TryReleaseAsync(Channel, "leaving", CancellationToken.None); // the holder says bye and releases
        await AdvanceUntilDone(attempt);

        Assert.NotNull((await attempt).Lease);
        await (await attempt).Lease!.DisposeAsync();
    }

    [Fact]
    public async Task ARefusedRenewal_LosesTheLeaseAtOnce()
    {
        var (lease, _) = await Ownership().TryAcquireAsync(Channel, "me", _logger);
        _store.Set(Channel.Value, "someone-else", _time.GetUtcNow() + Duration);

        await _time.AdvanceToScheduledAsync(Duration / 3);
        await WaitUntil(() => lease!.Lost.IsCancellationRequested);

        await lease!.DisposeAsync();
        Assert.Equal("someone-else", _store.Lease(Channel.Value)!.Value.Owner); // a lost lease is not released
    }

    [Fact]
    public async Task RenewalsThatKeepFailing_LoseTheLeaseBeforeItExpires()
    {
        var (lease, _) = await Ownership().TryAcquireAsync(Channel, "me", _logger);
        DateTimeOffset expires = _store.Lease(Channel.Value)!.Value.ExpiresAt;
        _store.Failing = true;

        await _time.AdvanceToScheduledAsync(Duration / 3);
        await Task.Delay(50);
        Assert.False(lease!.Lost.IsCancellationRequested); // one failure: still time for another try

        await _time.AdvanceToScheduledAsync(Duration / 3);
        await WaitUntil(() => lease.Lost.IsCancellationRequested);
        Assert.True(_time.GetUtcNow() < expires, "the holder must stop before another invocation may take over");
        _store.Failing = false;
        await lease.DisposeAsync();
    }

    [Fact]
    public async Task AnUnreachableStore_RefusesTheSession_FailClosed()
    {
        _store.Failing = true;
        Task<(IChannelLease? Lease, string? Refused)> attempt = Ownership().TryAcquireAsync(Channel, "me", _logger);
        await AdvanceUntilDone(attempt);

        Assert.Null((await attempt).Lease);
        Assert.Equal(ChannelOwnership.UnavailableReason, (await attempt).Refused);
    }

    [Fact]
    public async Task WithoutATable_EveryTriggerServes_AndTheLeaseIsNeverLost()
    {
        var (first, _) = await ChannelOwnership.None.TryAcquireAsync(Channel, "a", _logger);
        var (second, _) = await ChannelOwnership.None.TryAcquireAsync(Channel, "b", _logger);

        Assert.NotNull(first);
        Assert.NotNull(second);
        Assert.False(first.Lost.CanBeCanceled);
    }

    private async Task AdvanceUntilDone(Task task)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (!task.IsCompleted)
        {
            limit.Token.ThrowIfCancellationRequested();
            _time.Advance(TimeSpan.FromMilliseconds(50));
            await Task.Delay(1);
        }
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!condition())
        {
            await Task.Delay(5, limit.Token);
        }
    }
}
