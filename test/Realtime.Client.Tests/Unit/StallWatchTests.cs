using System.Text.Json;
using Realtime.TestSupport;

namespace Realtime.Client.Tests.Unit;

/// <summary>
/// Dead-responder detection on a manual clock: a request without a reply for the stall timeout trips it; replies that keep
/// coming (one request after another, or a long backlog) never do; zero or infinite turns it off.
/// </summary>
public sealed class StallWatchTests
{
    private static readonly TimeSpan Timeout5s = TimeSpan.FromSeconds(5);
    private static readonly JsonElement Reply = JsonDocument.Parse("""{"type":"pong"}""").RootElement;
    private readonly ManualTimeProvider _time = new();
    private readonly PendingRequests _pending = new();
    private int _stalls;

    [Fact]
    public void NoReplyForTheTimeout_Stalls()
    {
        using StallWatch watch = Watch(Timeout5s);
        Publish("a");

        _time.Advance(TimeSpan.FromSeconds(4.9));
        Assert.Equal(0, _stalls);

        _time.Advance(TimeSpan.FromSeconds(1.1)); // checks run every fifth of the timeout: reported by 1.2 × timeout
        Assert.True(_stalls >= 1, "a request without a reply for the stall timeout did not trip the watch");
    }

    [Fact]
    public void RequestsAnsweredOneAfterAnother_NeverStall()
    {
        using StallWatch watch = Watch(Timeout5s);
        for (int n = 0; n < 60; n++)
        {
            string id = $"r{n}";
            Publish(id);
            _time.Advance(TimeSpan.FromSeconds(3)); // each reply takes 3 s: slow, but under the timeout
            Answer(id, watch);
        }

        Assert.Equal(0, _stalls);
    }

    [Fact]
    public void ALongBacklogBeingAnswered_NeverStalls_EvenThoughItsOldestRequestWaitsLongerThanTheTimeout()
    {
        using StallWatch watch = Watch(Timeout5s);
        for (int n = 0; n < 40; n++)
        {
            Publish($"r{n}");
        }

        // One reply a second: the last request waits 40 s, yet the responder is plainly alive.
        for (int n = 0; n < 40; n++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            Answer($"r{n}", watch);
        }

        _time.Advance(TimeSpan.FromMinutes(1)); // nothing pending: nothing to watch
        Assert.Equal(0, _stalls);
    }

    [Fact]
    public void RepliesStop_WithRequestsStillPending_Stalls()
    {
        using StallWatch watch = Watch(Timeout5s);
        Publish("a");
        Publish("b");
        _time.Advance(TimeSpan.FromSeconds(4));
        Answer("a", watch); // b's clock restarts here

        _time.Advance(TimeSpan.FromSeconds(4.5));
        Assert.Equal(0, _stalls);

        _time.Advance(TimeSpan.FromSeconds(1.5));
        Assert.True(_stalls >= 1, "replies stopped with b pending, yet no stall");
    }

    [Fact]
    public void NothingToWatch_NeverStalls()
    {
        // While the channel is not ready the client reports nothing to watch, whatever is pending.
        Publish("a");
        using var watch = new StallWatch(Timeout5s, _time, () => null, () => _stalls++);

        _time.Advance(TimeSpan.FromMinutes(5));

        Assert.Equal(0, _stalls);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)] // Timeout.InfiniteTimeSpan in milliseconds
    public void ZeroOrInfinite_TurnsItOff(int milliseconds)
    {
        using StallWatch watch = Watch(TimeSpan.FromMilliseconds(milliseconds));
        Publish("a");

        _time.Advance(TimeSpan.FromHours(1));

        Assert.Equal(0, _stalls);
        Assert.Empty(_time.PendingDueTimes());
    }

    [Fact]
    public void ANegativeTimeout_IsRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Watch(TimeSpan.FromSeconds(-2)));
    }

    [Fact]
    public void Dispose_StopsTheTimer()
    {
        StallWatch watch = Watch(Timeout5s);
        Publish("a");
        watch.Dispose();

        _time.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(0, _stalls);
    }

    [Fact]
    public void PendingRequests_OldestPublished_CountsOnlyPublishedRequestsWithoutAReply()
    {
        _ = _pending.Add("never-sent", [1]);
        Assert.Null(_pending.OldestPublished());

        Publish("a");
        long a = _time.GetTimestamp();
        _time.Advance(TimeSpan.FromSeconds(1));
        Publish("b");
        Assert.Equal(a, _pending.OldestPublished());

        Assert.True(_pending.TryComplete("a", Reply));
        Assert.Equal(_time.GetTimestamp(), _pending.OldestPublished());
        Assert.Equal(["never-sent", "b"], _pending.Unanswered().Select(u => u.RequestId));
    }

    private StallWatch Watch(TimeSpan timeout) => new(timeout, _time, _pending.OldestPublished, () => _stalls++);

    private void Publish(string id)
    {
        if (!_pending.Unanswered().Any(u => u.RequestId == id))
        {
            _ = _pending.Add(id, [1]);
        }

        _pending.MarkPublished(id, _time.GetTimestamp());
    }

    private void Answer(string id, StallWatch watch)
    {
        Assert.True(_pending.TryComplete(id, Reply));
        watch.Heard();
    }
}
