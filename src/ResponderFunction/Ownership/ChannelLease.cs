using Realtime.Channels;
using Realtime.Lambda;

namespace ResponderFunction.Ownership;

/// <summary>
/// A lease this invocation holds: renewed every third of its duration while the session runs, released at the end. When a
/// renewal is refused (someone else holds it) or the next try would come after expiry, <see cref="Lost"/> fires before the
/// lease expires, so this responder stops before another one may take the channel over.
/// </summary>
internal sealed class ChannelLease : IChannelLease
{
    private readonly ILeaseStore _store;
    private readonly ChannelId _channel;
    private readonly string _owner;
    private readonly TimeSpan _duration;
    private readonly TimeProvider _time;
    private readonly ILambdaLogger _logger;
    private readonly CancellationTokenSource _lost = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _renewing;
    private DateTimeOffset _validUntil;

    public ChannelLease(ILeaseStore store, ChannelId channel, string owner, DateTimeOffset validUntil, TimeSpan duration, TimeProvider time, ILambdaLogger logger)
    {
        _store = store;
        _channel = channel;
        _owner = owner;
        _validUntil = validUntil;
        _duration = duration;
        _time = time;
        _logger = logger;
        _renewing = RenewLoopAsync();
    }

    public CancellationToken Lost => _lost.Token;

    /// <summary>How often the lease is renewed.</summary>
    public TimeSpan RenewEvery => _duration / 3;

    private async Task RenewLoopAsync()
    {
        try
        {
            while (!_lost.IsCancellationRequested)
            {
                await Task.Delay(RenewEvery, _time, _stopping.Token).ConfigureAwait(false);
                await RenewOnceAsync().ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // The session ended: ReleaseAsync takes over.
        }
    }

    private async Task RenewOnceAsync()
    {
        DateTimeOffset expiresAt = _time.GetUtcNow() + _duration;
        try
        {
            using var timeout = new CancellationTokenSource(RenewEvery, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, _stopping.Token);
            if (await _store.TryRenewAsync(_channel, _owner, expiresAt, linked.Token).ConfigureAwait(false))
            {
                _validUntil = expiresAt;
                return;
            }

            Lose("another invocation holds it now");
        }
        catch (Exception ex) when (ex is LeaseStoreException || (ex is OperationCanceledException && !_stopping.IsCancellationRequested))
        {
            // Renewals are retried at the next tick; give up while the lease is still ours, never after.
            if (_time.GetUtcNow() + RenewEvery >= _validUntil)
            {
                Lose($"it could not be renewed before it expires ({ex.Message})");
            }
            else
            {
                _logger.LogWarning($"Renewing the lease of channel {_channel} failed ({ex.Message}); trying again in {RenewEvery.TotalSeconds:0.#} s.");
            }
        }
    }

    private void Lose(string why)
    {
        _logger.LogError($"Lost the lease of channel {_channel}: {why}; ending the session.");
        _lost.Cancel();
    }

    /// <summary>Stops renewing and deletes the lease if it is still ours (a lost one is left alone).</summary>
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _renewing.ConfigureAwait(false);
        if (!_lost.IsCancellationRequested)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2), _time);
                if (!await _store.TryReleaseAsync(_channel, _owner, timeout.Token).ConfigureAwait(false))
                {
                    _logger.LogWarning($"The lease of channel {_channel} was no longer ours at release.");
                }
            }
            catch (Exception ex) when (ex is LeaseStoreException or OperationCanceledException)
            {
                // Harmless: it expires by itself after the lease duration.
                _logger.LogWarning($"Releasing the lease of channel {_channel} failed ({ex.Message}); it expires by itself.");
            }
        }

        _lost.Dispose();
        _stopping.Dispose();
    }
}
