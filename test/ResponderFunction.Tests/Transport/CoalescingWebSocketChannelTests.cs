using System.Buffers;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using MQTTnet.Channel;
using MQTTnet.Exceptions;
using ResponderFunction.Transport;

namespace ResponderFunction.Tests.Transport;

/// <summary>
/// The gathering channel against an inner channel that records each frame and can hold a send back; queued sends run when
/// the test says so, as the thread pool would run them after the writing work.
/// </summary>
public sealed class CoalescingWebSocketChannelTests
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(10);
    private readonly RecordingChannel _inner = new();
    private readonly Queue<Action> _queued = new();
    private readonly CoalescingWebSocketChannel _channel;

    public CoalescingWebSocketChannelTests()
    {
        _channel = new CoalescingWebSocketChannel(_inner, _queued.Enqueue);
    }

    [Fact]
    public async Task ABurstOfWrites_GoesOutAsOneFrame_InOrder_WhenTheQueuedSendRuns()
    {
        await WriteAsync(1, 2);
        await WriteAsync(3);
        await _channel.WriteAsync(new ReadOnlySequence<byte>(new byte[] { 4, 5 }), isEndOfPacket: false, CancellationToken.None);
        await WriteAsync(6);

        Assert.Empty(_inner.Frames);
        Assert.Single(_queued); // one queued send for the whole burst
        RunQueued();

        Assert.Equal([[1, 2, 3, 4, 5, 6]], _inner.Frames);
    }

    [Fact]
    public async Task SendNow_SendsOnTheCallersThread_AndTheQueuedSendFindsNothingLeft()
    {
        await WriteAsync(1);
        await WriteAsync(2);
        _channel.SendNow();
        Assert.Equal([[1, 2]], _inner.Frames);

        RunQueued();
        Assert.Single(_inner.Frames);

        await WriteAsync(3); // the next burst queues its own send
        RunQueued();
        Assert.Equal([[1, 2], [3]], _inner.Frames);
    }

    [Fact]
    public async Task InABurst_WritesOnlyGather_AndItsEndSendsThemNow()
    {
        _channel.BeginBurst();
        await WriteAsync(1); // e.g. the reply
        await WriteAsync(2); // and the PUBACK of its request
        _channel.SendNow(); // inside the burst: its end decides
        Assert.Empty(_queued);
        Assert.Empty(_inner.Frames);

        _channel.EndBurst(sendNow: true);
        Assert.Equal([[1, 2]], _inner.Frames);
        Assert.Empty(_queued); // no thread-pool work for a lone round trip
    }

    [Fact]
    public async Task ABurstThatEndsBusy_QueuesOneSend()
    {
        _channel.BeginBurst();
        await WriteAsync(1);
        await WriteAsync(2);
        _channel.EndBurst(sendNow: false);
        Assert.Empty(_inner.Frames);

        await WriteAsync(3); // another thread's write before the queued send runs: no second one
        Assert.Single(_queued);
        RunQueued();
        Assert.Equal([[1, 2, 3]], _inner.Frames);
    }

    [Fact]
    public async Task ABurstOnAnotherThread_DoesNotHoldThisThreadsWrites()
    {
        var other = new Thread(_channel.BeginBurst); // a thread of its own: never the one this test continues on
        other.Start();
        other.Join();
        await WriteAsync(1);
        Assert.Single(_queued);
        _channel.SendNow();
        Assert.Equal([[1]], _inner.Frames);
    }

    [Fact]
    public async Task WritesDuringASend_GoOutTogetherAsTheNextFrame_WithoutAnotherQueuedSend()
    {
        _inner.HoldSends();
        await WriteAsync(1, 2);
        _channel.SendNow();
        await _inner.SendStarted.WaitAsync(s_wait);

        await WriteAsync(3);
        await WriteAsync(4);
        RunQueued(); // the first write's queued send: the running send has it all
        _inner.ReleaseSends();
        await _channel.DisconnectAsync(CancellationToken.None).WaitAsync(s_wait);

        Assert.Equal([[1, 2], [3, 4]], _inner.Frames);
        Assert.Empty(_queued);
    }

    [Fact]
    public async Task Disconnect_SendsWhatIsPendingFirst()
    {
        await WriteAsync(0xE0, 0x00); // an MQTT DISCONNECT
        await _channel.DisconnectAsync(CancellationToken.None).WaitAsync(s_wait);

        Assert.Equal([[0xE0, 0x00]], _inner.Frames);
        Assert.Equal(1, _inner.FramesAtDisconnect);
    }

    [Fact]
    public async Task AFailedSend_FailsTheDisconnectAndEveryLaterWrite_AsACommunicationError()
    {
        _inner.FailSends = true;
        _inner.HoldSends();
        await WriteAsync(1);
        _channel.SendNow();
        await WriteAsync(2); // gathered behind the failing send
        _inner.ReleaseSends();

        var error = await Assert.ThrowsAsync<MqttCommunicationException>(() => _channel.DisconnectAsync(CancellationToken.None).WaitAsync(s_wait));
        Assert.Contains("connection reset", error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<MqttCommunicationException>(() => WriteAsync(3));
        Assert.Empty(_inner.Frames);
        Assert.Equal(1, _inner.SendAttempts); // nothing more was tried on the broken connection
        Assert.False(_inner.Disconnected);
    }

    [Fact]
    public async Task BeyondTheLimit_AWriteSendsAndWaitsForTheSend()
    {
        _inner.HoldSends();
        byte[] large = new byte[CoalescingWebSocketChannel.MaxPendingBytes / 4];
        for (int i = 0; i < 3; i++)
        {
            Assert.True(_channel.WriteAsync(new ReadOnlySequence<byte>(large), isEndOfPacket: true, CancellationToken.None).IsCompletedSuccessfully);
        }

        Task overLimit = _channel.WriteAsync(new ReadOnlySequence<byte>(large), isEndOfPacket: true, CancellationToken.None);
        await _inner.SendStarted.WaitAsync(s_wait); // started by the write itself, not by the queued send
        Assert.False(overLimit.IsCompleted);

        _inner.ReleaseSends();
        await overLimit.WaitAsync(s_wait);
        Assert.Equal([4 * large.Length], _inner.Frames.Select(f => f.Length));
    }

    private Task WriteAsync(params byte[] bytes)
        => _channel.WriteAsync(new ReadOnlySequence<byte>(bytes), isEndOfPacket: true, CancellationToken.None);

    private void RunQueued()
    {
        while (_queued.TryDequeue(out Action? send))
        {
            send();
        }
    }

    /// <summary>Records every frame sent; sends can be held until released, or fail like a reset connection.</summary>
    private sealed class RecordingChannel : IMqttChannel
    {
        private readonly Lock _gate = new();
        private readonly List<byte[]> _frames = [];
        private readonly TaskCompletionSource _sendStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private TaskCompletionSource _release = Released();
        private int _sendAttempts;

        public bool FailSends { get; set; }

        public int SendAttempts => Volatile.Read(ref _sendAttempts);

        public bool Disconnected { get; private set; }

        public int FramesAtDisconnect { get; private set; } = -1;

        public Task SendStarted => _sendStarted.Task;

        public IReadOnlyList<byte[]> Frames
        {
            get
            {
                lock (_gate)
                {
                    return [.. _frames];
                }
            }
        }

        public X509Certificate2 ClientCertificate => null!;

        public EndPoint RemoteEndPoint => new IPEndPoint(IPAddress.Loopback, 1);

        public EndPoint LocalEndPoint => new IPEndPoint(IPAddress.Loopback, 2);

        public bool IsSecureConnection => false;

        public void HoldSends() => _release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        public void ReleaseSends() => _release.TrySetResult();

        public Task ConnectAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task DisconnectAsync(CancellationToken cancellationToken)
        {
            Disconnected = true;
            FramesAtDisconnect = Frames.Count;
            return Task.CompletedTask;
        }

        public Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.FromResult(0);

        public async Task WriteAsync(ReadOnlySequence<byte> buffer, bool isEndOfPacket, CancellationToken cancellationToken)
        {
            Assert.True(isEndOfPacket);
            Interlocked.Increment(ref _sendAttempts);
            _sendStarted.TrySetResult();
            await _release.Task.WaitAsync(cancellationToken);
            if (FailSends)
            {
                throw new IOException("connection reset by peer");
            }

            lock (_gate)
            {
                _frames.Add(buffer.ToArray());
            }
        }

        public void Dispose()
        {
        }

        private static TaskCompletionSource Released()
        {
            var source = new TaskCompletionSource();
            source.SetResult();
            return source;
        }
    }
}
