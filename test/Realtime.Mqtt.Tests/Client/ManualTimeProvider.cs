namespace Realtime.Mqtt.Tests.Client;

/// <summary>A clock that moves only when the test says so (Microsoft.Extensions.TimeProvider.Testing is not served here).</summary>
internal sealed class ManualTimeProvider : TimeProvider
{
    private readonly Lock _lock = new();
    private readonly List<ManualTimer> _timers = [];
    private TimeSpan _elapsed;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;


    /// <summary>Timers that are scheduled to fire (for tests that must advance only once a loop is waiting).</summary>
    public int ActiveTimerCount
    {
        get
        {
            lock (_lock)
            {
                return _timers.Count(t => t.DueAt is not null);
            }
        }
    }

    public override DateTimeOffset GetUtcNow()
    {
        lock (_lock)
        {
            return new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero) + _elapsed;
        }
    }

    public override long GetTimestamp()
    {
        lock (_lock)
        {
            return _elapsed.Ticks;
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        lock (_lock)
        {
            _timers.Add(timer);
        }

        timer.Change(dueTime, period);
        return timer;
    }

    public void Advance(TimeSpan by)
    {
        List<ManualTimer> due;
        lock (_lock)
        {
            _elapsed += by;
            due = _timers.Where(t => t.DueAt <= _elapsed).OrderBy(t => t.DueAt).ToList();
            foreach (ManualTimer timer in due)
            {
                timer.DueAt = timer.Period > TimeSpan.Zero ? _elapsed + timer.Period : null;
            }
        }

        foreach (ManualTimer timer in due)
        {
            timer.Fire();
        }
    }

    /// <summary>Waits (bounded) until a timer is scheduled to fire <paramref name="fromNow"/> after the current time.</summary>
    public Task WaitForTimerDueInAsync(TimeSpan fromNow)
    {
        TimeSpan dueAt;
        lock (_lock)
        {
            dueAt = _elapsed + fromNow;
        }

        return Eventually.TrueAsync(
            () =>
            {
                lock (_lock)
                {
                    return _timers.Any(t => t.DueAt == dueAt);
                }
            },
            $"a timer due at {dueAt}");
    }

    private sealed class ManualTimer(ManualTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        public TimeSpan? DueAt { get; set; }

        public TimeSpan Period { get; private set; }

        public void Fire() => callback(state);

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (owner._lock)
            {
                DueAt = dueTime == Timeout.InfiniteTimeSpan ? null : owner._elapsed + dueTime;
                Period = period == Timeout.InfiniteTimeSpan ? TimeSpan.Zero : period;
            }

            return true;
        }

        public void Dispose()
        {
            lock (owner._lock)
            {
                owner._timers.Remove(this);
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
