using Realtime.TestSupport;

namespace Realtime.Client.Tests.Unit;

/// <summary>
/// The hello window on a manual clock: a client that only doubts says hello alone; a survivor's ready within the window
/// means no trigger at all, no ready means hello + trigger once the window passed; a zero window (the client knows there
/// is no responder) triggers at once.
/// </summary>
public sealed class HelloWindowTests
{
    private static readonly TimeSpan Window = TimeSpan.FromMilliseconds(1500);
    private static readonly TimeSpan RealLimit = TimeSpan.FromSeconds(10); // real time, for a loaded machine
    private readonly ManualTimeProvider _time = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<string> _published = [];
    private int _windowPassed;

    [Fact]
    public async Task SurvivorAnswersWithinTheWindow_NoTriggerIsPublished()
    {
        Task<bool> asking = Ask(Window);
        await _time.WaitForScheduledAsync(Window);
        Assert.Equal(["hello"], Published());

        _time.Advance(TimeSpan.FromMilliseconds(700));
        _ready.SetResult(); // the survivor's ready

        Assert.False(await asking.WaitAsync(RealLimit));
        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(["hello"], Published());
        Assert.Equal(0, _windowPassed);
        Assert.Empty(_time.PendingDueTimes()); // the window's timer is gone with the ready
    }

    [Fact]
    public async Task NoReadyWithinTheWindow_HelloAndTriggerAfterIt()
    {
        Task<bool> asking = Ask(Window);
        await _time.WaitForScheduledAsync(Window);

        _time.Advance(Window - TimeSpan.FromMilliseconds(1));
        Assert.False(asking.IsCompleted);
        Assert.Equal(["hello"], Published());

        _time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.True(await asking.WaitAsync(RealLimit));
        Assert.Equal(["hello", "hello", "trigger"], Published());
        Assert.Equal(1, _windowPassed);
    }

    [Fact]
    public async Task ZeroWindow_HelloAndTriggerAtOnce()
    {
        Task<bool> asking = Ask(TimeSpan.Zero);

        Assert.True(await asking.WaitAsync(RealLimit));
        Assert.Equal(["hello", "trigger"], Published());
        Assert.Equal(0, _windowPassed);
    }

    [Fact]
    public async Task ReadyAlreadyThere_NoTrigger()
    {
        _ready.SetResult();

        Assert.False(await Ask(Window).WaitAsync(RealLimit));
        Assert.Equal(["hello"], Published());
    }

    [Fact]
    public async Task ClosingDuringTheWindow_NoTrigger()
    {
        using var closing = new CancellationTokenSource();
        Task<bool> asking = Ask(Window, closing.Token);
        await _time.WaitForScheduledAsync(Window);

        await closing.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => asking.WaitAsync(RealLimit));
        Assert.Equal(["hello"], Published());
    }

    private Task<bool> Ask(TimeSpan window, CancellationToken cancellationToken = default) =>
        HelloWindow.AskAsync(window, _ready.Task, _time, _ => Record("hello"), _ => Record("trigger"), () => Interlocked.Increment(ref _windowPassed), cancellationToken);

    private Task Record(string what)
    {
        lock (_published)
        {
            _published.Add(what);
        }

        return Task.CompletedTask;
    }

    private List<string> Published()
    {
        lock (_published)
        {
            return [.. _published];
        }
    }
}
