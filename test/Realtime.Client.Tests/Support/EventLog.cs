using System.Collections.Concurrent;

namespace Realtime.Client.Tests.Support;

/// <summary>Records a channel's events and lets a test wait for one.</summary>
internal sealed class EventLog
{
    private readonly ConcurrentQueue<ChannelEvent> _events = new();

    public void Add(ChannelEvent e) => _events.Enqueue(e);

    public IReadOnlyList<ChannelEvent> All => [.. _events];

    public int Count(ChannelEventKind kind) => _events.Count(e => e.Kind == kind);

    public async Task<ChannelEvent> WaitForAsync(Func<ChannelEvent, bool> match, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (true)
        {
            if (_events.FirstOrDefault(match) is { } found)
            {
                return found;
            }

            try
            {
                await Task.Delay(50, cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"no matching event within {timeout.TotalSeconds} s; events: {string.Join(", ", _events.Select(e => $"{e.Kind}/{e.State}({e.Reason})"))}");
            }
        }
    }
}
