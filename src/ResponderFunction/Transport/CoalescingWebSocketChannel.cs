using System.Buffers;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using MQTTnet.Channel;
using MQTTnet.Exceptions;

namespace ResponderFunction.Transport;

/// <summary>
/// An MQTTnet channel that gathers the MQTT packets written in one burst (replies and the PUBACKs of their requests) into one
/// WebSocket frame, so a busy responder makes one socket write per burst instead of one per packet.
/// </summary>
/// <remarks>
/// A frame may hold several MQTT packets; receivers must not assume packets align with frames [MQTT-6.0.0-2].
/// <para>
/// When a frame goes out: a write copies the packet and returns at once; the first write of a burst queues a send to the
/// thread pool from the writing thread, so it runs once that thread's current work is done and takes every packet written
/// meanwhile. <see cref="SendNow"/> sends at once instead, on the caller's thread: the connection calls it when nothing else
/// waits for a PUBACK (Nagle's rule: an idle link sends at once, a busy one gathers), so a lone round trip pays no thread
/// hop. Between <see cref="BeginBurst"/> and <see cref="EndBurst"/> the packets one thread writes (a request's reply and its
/// PUBACK) only gather, and the end says whether they go now or through a queued send. While a send runs, packets gather
/// behind it and go out as the next frame.
/// </para>
/// <para>
/// Concurrency: MQTTnet's adapter calls <see cref="WriteAsync"/> one call at a time; one send at a time runs on the inner
/// channel, concurrently with at most one read, as a WebSocket allows.
/// </para>
/// <para>
/// Failure: a packet counts as written once copied, as if the socket had taken it. A failed send fails every later write and
/// the disconnect with <see cref="MqttCommunicationException"/>, so MQTTnet ends the connection as on a failed socket write;
/// QoS 1 replies that were lost are re-sent by the session after the reconnect (docs/responder.md).
/// </para>
/// </remarks>
internal sealed class CoalescingWebSocketChannel : IMqttChannel
{
    /// <summary>Beyond this many unsent bytes a write waits for the send (AWS IoT's 100 in-flight PUBLISHes fit well).</summary>
    public const int MaxPendingBytes = 256 * 1024;

    private readonly IMqttChannel _inner;
    private readonly Action<Action> _queue;
    private readonly Action _runQueuedSend;
    private readonly CancellationTokenSource _lifetime = new();
    private readonly Lock _gate = new();
    private ArrayBufferWriter<byte> _pending = new(4096);
    private ArrayBufferWriter<byte> _spare = new(4096);
    [ThreadStatic]
    private static CoalescingWebSocketChannel? t_burstOwner;

    private TaskCompletionSource? _sender;
    private bool _sendQueued;
    private Exception? _failure;

    /// <param name="inner">The channel that moves the bytes (MQTTnet's WebSocket channel).</param>
    /// <param name="queue">Runs a send later; tests pass their own. Default: the thread pool, on the writing thread's queue.</param>
    public CoalescingWebSocketChannel(IMqttChannel inner, Action<Action>? queue = null)
    {
        _inner = inner;
        _queue = queue ?? QueueOnThisThread;
        _runQueuedSend = RunQueuedSend;
    }

    public X509Certificate2 ClientCertificate => _inner.ClientCertificate;

    public EndPoint RemoteEndPoint => _inner.RemoteEndPoint;

    public EndPoint LocalEndPoint => _inner.LocalEndPoint;

    public bool IsSecureConnection => _inner.IsSecureConnection;

    public Task ConnectAsync(CancellationToken cancellationToken) => _inner.ConnectAsync(cancellationToken);

    public Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => _inner.ReadAsync(buffer, offset, count, cancellationToken);

    public Task WriteAsync(ReadOnlySequence<byte> buffer, bool isEndOfPacket, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        bool full, queue;
        lock (_gate)
        {
            if (_failure is not null)
            {
                return Task.FromException(Failed(_failure));
            }

            foreach (ReadOnlyMemory<byte> segment in buffer)
            {
                _pending.Write(segment.Span);
            }

            // A running send takes this packet before it stops; otherwise one queued send takes the whole burst.
            full = _pending.WrittenCount >= MaxPendingBytes;
            queue = !full && t_burstOwner != this && ClaimQueuedSend();
        }

        if (full)
        {
            return WaitForSendAsync(cancellationToken);
        }

        if (queue)
        {
            _queue(_runQueuedSend);
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// Sends what has gathered now, on this thread, unless a send is already running (it takes it next) or this thread is in
    /// a burst (its end decides).
    /// </summary>
    public void SendNow()
    {
        if (t_burstOwner != this)
        {
            _ = StartSending();
        }
    }

    /// <summary>Until <see cref="EndBurst"/>, what this thread writes only gathers (no queued send, no <see cref="SendNow"/>).</summary>
    public void BeginBurst() => t_burstOwner = this;

    /// <summary>Ends this thread's burst: sends what has gathered now, or queues a send for it.</summary>
    public void EndBurst(bool sendNow)
    {
        t_burstOwner = null;
        if (sendNow)
        {
            _ = StartSending();
            return;
        }

        bool queue;
        lock (_gate)
        {
            queue = ClaimQueuedSend();
        }

        if (queue)
        {
            _queue(_runQueuedSend);
        }
    }

    public async Task DisconnectAsync(CancellationToken cancellationToken)
    {
        // The DISCONNECT packet was written just before this: send it (and anything before it) ahead of the close.
        await WaitForSendAsync(cancellationToken).ConfigureAwait(false);
        await _inner.DisconnectAsync(cancellationToken).ConfigureAwait(false);
    }

    public void Dispose()
    {
        _lifetime.Cancel();
        _inner.Dispose();
    }

    // preferLocal: after the work that wrote the packet, on the same thread, unless an idle thread takes it sooner.
    private static void QueueOnThisThread(Action send)
        => ThreadPool.UnsafeQueueUserWorkItem(static send => send(), send, preferLocal: true);

    /// <summary>
    /// Under the lock: true when something waits to be sent and neither a send runs nor one is queued; the caller then
    /// queues the one send that takes it.
    /// </summary>
    private bool ClaimQueuedSend()
    {
        if (_pending.WrittenCount == 0 || _failure is not null || _sender is not null || _sendQueued)
        {
            return false;
        }

        _sendQueued = true;
        return true;
    }

    private void RunQueuedSend()
    {
        lock (_gate)
        {
            _sendQueued = false;
        }

        _ = StartSending();
    }

    private async Task WaitForSendAsync(CancellationToken cancellationToken)
    {
        await StartSending().WaitAsync(cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            if (_failure is not null)
            {
                throw Failed(_failure);
            }
        }
    }

    /// <summary>Starts the send loop unless it runs; returns its end (when nothing is left to send, or a send failed).</summary>
    private Task StartSending()
    {
        TaskCompletionSource sender;
        lock (_gate)
        {
            if (_sender is { } running)
            {
                return running.Task;
            }

            if (_pending.WrittenCount == 0 || _failure is not null)
            {
                return Task.CompletedTask;
            }

            sender = _sender = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        _ = SendLoopAsync(sender);
        return sender.Task;
    }

    /// <summary>Sends what has gathered as one frame, again until nothing is left; never throws (a failure is kept).</summary>
    private async Task SendLoopAsync(TaskCompletionSource sender)
    {
        while (true)
        {
            ArrayBufferWriter<byte> frame;
            lock (_gate)
            {
                if (_pending.WrittenCount == 0 || _failure is not null)
                {
                    _sender = null;
                    break;
                }

                frame = _pending;
                _pending = _spare;
                _spare = frame;
            }

            try
            {
                await _inner.WriteAsync(new ReadOnlySequence<byte>(frame.WrittenMemory), isEndOfPacket: true, _lifetime.Token)
                    .ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                lock (_gate)
                {
                    _failure = ex;
                    _pending.ResetWrittenCount();
                }
            }
            finally
            {
                frame.ResetWrittenCount();
            }
        }

        sender.SetResult();
    }

    private static MqttCommunicationException Failed(Exception failure)
        => new($"An earlier WebSocket send failed ({failure.GetType().Name}): {failure.Message}", failure);
}
