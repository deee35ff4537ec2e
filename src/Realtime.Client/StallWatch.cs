namespace Realtime.Client;

/// <summary>
/// Dead-responder detection. A responder killed without a word (SIGKILL, out of memory) sends no <c>bye</c>, and its lease
/// keeps the channel's triggers from starting another one until it expires, so the client must notice by itself: the watch
/// calls <c>stalled</c> when the oldest published request without a reply has waited <c>timeout</c> and nothing was heard
/// from the responder meanwhile. "Heard" (any reply, a <c>ready</c>) restarts the clock, so a long backlog that is being
/// answered — the oldest request waits long, but replies keep coming — never counts as a stall.
/// </summary>
/// <remarks>
/// Checks on a periodic <see cref="TimeProvider"/> timer every fifth of the timeout, so a stall is reported between
/// <c>timeout</c> and 1.2 × <c>timeout</c> after the last sign of life. <c>stalled</c> runs on the timer's thread and is
/// called on every check while the condition holds: the caller changes what <c>oldestUnanswered</c> returns (e.g. null while
/// not ready) or ignores repeats. A timeout of zero or <see cref="Timeout.InfiniteTimeSpan"/> disables the watch.
/// </remarks>
internal sealed class StallWatch : IDisposable
{
    private readonly TimeSpan _timeout;
    private readonly TimeProvider _time;
    private readonly Func<long?> _oldestUnanswered;
    private readonly Action _stalled;
    private readonly ITimer? _timer;
    private long _lastHeard;

    /// <param name="timeout">How long a published request may wait, with nothing heard, before the responder counts as gone.</param>
    /// <param name="time">The clock (and its timestamps, which <paramref name="oldestUnanswered"/> returns).</param>
    /// <param name="oldestUnanswered">The publish timestamp of the oldest unanswered request, or null when nothing is to watch.</param>
    /// <param name="stalled">What to do when the responder seems gone.</param>
    public StallWatch(TimeSpan timeout, TimeProvider time, Func<long?> oldestUnanswered, Action stalled)
    {
        ArgumentNullException.ThrowIfNull(time);
        if (timeout < TimeSpan.Zero && timeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "StallTimeout must be positive, or zero / infinite to disable it.");
        }

        _timeout = timeout;
        _time = time;
        _oldestUnanswered = oldestUnanswered;
        _stalled = stalled;
        _lastHeard = time.GetTimestamp();
        if (IsEnabled(timeout))
        {
            TimeSpan period = timeout / 5 > TimeSpan.FromMilliseconds(1) ? timeout / 5 : TimeSpan.FromMilliseconds(1);
            _timer = time.CreateTimer(static state => ((StallWatch)state!).Check(), this, period, period);
        }
    }

    /// <summary>True when <paramref name="timeout"/> turns the watch on (positive and finite).</summary>
    public static bool IsEnabled(TimeSpan timeout) => timeout > TimeSpan.Zero && timeout != Timeout.InfiniteTimeSpan;

    /// <summary>The responder showed it is alive (a reply, a ready): the clock starts again.</summary>
    public void Heard() => Volatile.Write(ref _lastHeard, _time.GetTimestamp());

    public void Dispose() => _timer?.Dispose();

    private void Check()
    {
        if (_oldestUnanswered() is not { } oldest)
        {
            return;
        }

        long since = Math.Max(oldest, Volatile.Read(ref _lastHeard));
        if (_time.GetElapsedTime(since) >= _timeout)
        {
            _stalled();
        }
    }
}
