using System.Buffers;
using System.Diagnostics;
using System.Text;

namespace ResponderBench;

/// <summary>
/// The browser side of a benchmark: one MQTTnet client on a channel's response topic that sends requests (QoS 1) and counts
/// replies. Two workloads: a window of outstanding requests (throughput), and one request at a time (round-trip time).
/// </summary>
internal sealed class LoadGenerator : IAsyncDisposable
{
    private readonly string _requestTopic;
    private readonly SemaphoreSlim _window = new(0);
    private BenchClient _client = null!;
    private TaskCompletionSource<long> _next = NewSignal();
    private TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _replies;

    private LoadGenerator(string channelId) => _requestTopic = $"foobar/{channelId}/request";

    public static async Task<LoadGenerator> ConnectAsync(Uri endpoint, string channelId, CancellationToken cancellationToken)
    {
        var generator = new LoadGenerator(channelId);
        generator._client = await BenchClient.ConnectAsync(endpoint, $"client-{channelId}", generator.OnMessageAsync, cancellationToken);
        await generator._client.SubscribeAsync($"foobar/{channelId}/response", cancellationToken);
        return generator;
    }

    /// <summary>Waits for the responder's first ready.</summary>
    public Task WaitForReadyAsync(CancellationToken cancellationToken) => _ready.Task.WaitAsync(cancellationToken);

    /// <summary>Sends <paramref name="count"/> requests keeping <paramref name="window"/> unanswered; returns the time until the last reply.</summary>
    public async Task<TimeSpan> WindowAsync(int count, int window, CancellationToken cancellationToken)
    {
        long target = Interlocked.Read(ref _replies) + count;
        var stopwatch = Stopwatch.StartNew();
        for (int i = 0; i < count; i++)
        {
            if (i >= window)
            {
                await _window.WaitAsync(cancellationToken);
            }

            _client.Publish(_requestTopic, Request(i));
        }

        while (Interlocked.Read(ref _replies) < target)
        {
            await _window.WaitAsync(cancellationToken);
        }

        TimeSpan elapsed = stopwatch.Elapsed;
        Drain();
        return elapsed;
    }

    /// <summary>Sends <paramref name="count"/> requests one after another, each after the previous reply: round-trip times.</summary>
    public async Task<Samples> SequentialAsync(int count, CancellationToken cancellationToken)
    {
        var samples = new Samples();
        for (int i = 0; i < count; i++)
        {
            TaskCompletionSource<long> next = _next;
            long start = Stopwatch.GetTimestamp();
            _client.Publish(_requestTopic, Request(i));
            long arrived = await next.Task.WaitAsync(cancellationToken);
            samples.Add(Stopwatch.GetElapsedTime(start, arrived));
        }

        return samples;
    }

    public Task ByeAsync(CancellationToken cancellationToken)
        => _client.PublishAndWaitAsync(_requestTopic, """{"type":"bye"}"""u8.ToArray(), cancellationToken);

    public long PublishFailures => _client.PublishFailures;

    public ValueTask DisposeAsync() => _client.DisposeAsync();

    private Task OnMessageAsync(string topic, ReadOnlySequence<byte> payload)
    {
        long arrived = Stopwatch.GetTimestamp();
        if (payload.FirstSpan.IndexOf("\"ready\""u8) >= 0)
        {
            _ready.TrySetResult();
            return Task.CompletedTask;
        }

        Interlocked.Increment(ref _replies);
        _window.Release();
        Interlocked.Exchange(ref _next, NewSignal()).TrySetResult(arrived);
        return Task.CompletedTask;
    }

    private void Drain()
    {
        while (_window.CurrentCount > 0 && _window.Wait(0))
        {
        }
    }

    private static byte[] Request(int i) => Encoding.UTF8.GetBytes($$"""{"requestId":"r{{i}}"}""");

    private static TaskCompletionSource<long> NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
