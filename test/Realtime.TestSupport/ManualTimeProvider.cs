namespace Realtime.TestSupport;

/// <summary>A clock that only moves when a test says so; timers fire during <see cref="Advance"/>, in due order.</summary>
public sealed class ManualTimeProvider(DateTimeOffset? start = null) : TimeProvider
{
    private readonly Lock _gate = new();
    private readonly List<ManualTimer> _timers = [];
    private DateTimeOffset _now = start ?? new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private TaskCompletionSource _scheduled = NewSignal();

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Moves the clock forward, firing every timer that falls due on the way (callbacks run on this thread).</summary>
    public void Advance(TimeSpan by)
    {
        DateTimeOffset target;
        lock (_gate)
        {
            target = _now + by;
        }

        while (true)
        {
            ManualTimer? next;
            lock (_gate)
            {
                next = _timers.Where(t => t.Due is { } due && due <= target).MinBy(t => t.Due);
                if (next is null)
                {
                    _now = target;
                    return;
                }

                _now = next.Due!.Value;
                next.Due = next.Period > TimeSpan.Zero ? _now + next.Period : null;
            }

            next.Fire();
        }
    }

    /// <summary>Waits (really, bounded) until a timer is due exactly <paramref name="dueIn"/> from now, then advances to it.</summary>
    public async Task AdvanceToScheduledAsync(TimeSpan dueIn, TimeSpan? timeout = null)
    {
        await WaitForScheduledAsync(dueIn, timeout);
        Advance(dueIn);
    }

    /// <summary>Waits (really, bounded) until a timer is due exactly <paramref name="dueIn"/> from now.</summary>
    public async Task WaitForScheduledAsync(TimeSpan dueIn, TimeSpan? timeout = null)
    {
        using var limit = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(5));
        while (true)
        {
            Task signal;
            lock (_gate)
            {
                if (_timers.Any(t => t.Due == _now + dueIn))
                {
                    break;
                }

                signal = _scheduled.Task;
            }

            try
            {
                await signal.WaitAsync(limit.Token);
            }
            catch (OperationCanceledException)
            {
                string pending = string.Join(", ", PendingDueTimes().Select(d => d.TotalMilliseconds + " ms"));
                throw new TimeoutException($"No timer was scheduled {dueIn.TotalMilliseconds} ms from now; pending: [{pending}].");
            }
        }
    }

    /// <summary>How far in the future each active timer is due.</summary>
    public IReadOnlyList<TimeSpan> PendingDueTimes()
    {
        lock (_gate)
        {
            return _timers.Where(t => t.Due is not null).Select(t => t.Due!.Value - _now).Order().ToList();
        }
    }

    private void Schedule(ManualTimer timer, TimeSpan dueTime, TimeSpan period)
    {
        TaskCompletionSource scheduled;
        lock (_gate)
        {
            timer.Due = dueTime == Timeout.InfiniteTimeSpan ? null : _now + dueTime;
            timer.Period = period == Timeout.InfiniteTimeSpan ? TimeSpan.Zero : period;
            if (!_timers.Contains(timer))
            {
                _timers.Add(timer);
            }

            scheduled = _scheduled;
            _scheduled = NewSignal();
        }

        scheduled.TrySetResult();
    }

    private void Remove(ManualTimer timer)
    {
        lock (_gate)
        {
            _timers.Remove(timer);
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private sealed class ManualTimer(ManualTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        public DateTimeOffset? Due { get; set; }

        public TimeSpan Period { get; set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            owner.Schedule(this, dueTime, period);
            return true;
        }

        public void Fire() => callback(state);

        public void Dispose() => owner.Remove(this);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
