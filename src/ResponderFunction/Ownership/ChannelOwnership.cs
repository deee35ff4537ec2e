using Realtime.Channels;
using Realtime.Lambda;
using ResponderFunction.Configuration;

namespace ResponderFunction.Ownership;

/// <summary>
/// At most one responder per channel: before a session starts, the invocation takes the channel's lease with a conditional
/// write; a trigger for a channel whose lease is live gets no session. The holder may be just leaving (a browser that
/// triggers right after a bye), so a taken channel is tried again for <see cref="HandoverWindow"/> before giving up.
/// </summary>
internal sealed class ChannelOwnership
{
    /// <summary>The summary reason of a trigger for a channel another invocation serves.</summary>
    public const string BusyReason = "busy";

    /// <summary>The summary reason of a trigger that could not take the lease because the store failed (fail closed).</summary>
    public const string UnavailableReason = "lease-unavailable";

    /// <summary>Waits between tries while the channel is taken or the store fails: 3 s in all.</summary>
    public static readonly TimeSpan[] Backoff = [TimeSpan.FromMilliseconds(250), TimeSpan.FromMilliseconds(500), TimeSpan.FromMilliseconds(1000), TimeSpan.FromMilliseconds(1250)];

    /// <summary>No lease (LEASE_TABLE_NAME unset): every trigger serves its channel.</summary>
    public static readonly ChannelOwnership None = new(store: null, TimeSpan.Zero, TimeProvider.System);

    private readonly ILeaseStore? _store;
    private readonly TimeSpan _duration;
    private readonly TimeProvider _time;

    public ChannelOwnership(ILeaseStore? store, TimeSpan duration, TimeProvider time)
    {
        _store = store;
        _duration = duration;
        _time = time;
    }

    /// <summary>The total time a taken channel is tried again.</summary>
    public static TimeSpan HandoverWindow => Backoff.Aggregate(TimeSpan.Zero, (sum, delay) => sum + delay);

    /// <summary>Builds the ownership from the lease settings (ResponderConfig.Lease); <see cref="None"/> with a warning when there is no table.</summary>
    public static ChannelOwnership Create(LeaseConfig? config, TimeProvider time, ILambdaLogger logger)
    {
        ArgumentNullException.ThrowIfNull(logger);
        if (config is null)
        {
            logger.LogWarning($"{ResponderConfig.LeaseTableNameVariable} is not set: no channel lease, so every trigger starts a session (duplicates possible).");
            return None;
        }

        var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = TimeSpan.FromSeconds(5) };
        logger.LogInformation($"Channel lease: table {config.TableName} at {config.Endpoint}, {config.Duration.TotalSeconds:0} s.");
        return new ChannelOwnership(new DynamoDbLeaseStore(new DynamoDbJsonClient(http, config, time), config.TableName), config.Duration, time);
    }

    /// <summary>Takes the channel for <paramref name="owner"/> (unique per invocation); null with the refusal reason when it cannot.</summary>
    public async Task<(IChannelLease? Lease, string? Refused)> TryAcquireAsync(ChannelId channel, string owner, ILambdaLogger logger)
    {
        if (_store is null)
        {
            return (NoLease.Instance, null);
        }

        string? lastError = null;
        for (int attempt = 0; ; attempt++)
        {
            DateTimeOffset now = _time.GetUtcNow();
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(3), _time);
                if (await _store.TryAcquireAsync(channel, owner, now, now + _duration, timeout.Token).ConfigureAwait(false))
                {
                    return (new ChannelLease(_store, channel, owner, now + _duration, _duration, _time, logger), null);
                }

                lastError = null;
            }
            catch (Exception ex) when (ex is LeaseStoreException or OperationCanceledException)
            {
                lastError = ex.Message;
            }

            if (attempt == Backoff.Length)
            {
                break;
            }

            await Task.Delay(Backoff[attempt], _time).ConfigureAwait(false);
        }

        if (lastError is not null)
        {
            // Fail closed: without the lease there is no way to know that nobody else serves the channel.
            logger.LogError($"No session on channel {channel}: the channel lease could not be taken ({lastError}).");
            return (null, UnavailableReason);
        }

        logger.LogInformation($"No session on channel {channel}: another invocation serves it (its lease is live).");
        return (null, BusyReason);
    }

    /// <summary>The lease of a deployment without a lease table: never lost, nothing to release.</summary>
    private sealed class NoLease : IChannelLease
    {
        public static readonly NoLease Instance = new();

        public CancellationToken Lost => CancellationToken.None;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
