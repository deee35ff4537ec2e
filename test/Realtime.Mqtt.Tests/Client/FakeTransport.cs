using System.Threading.Channels;
using Realtime.Mqtt.Packets;
using Realtime.Mqtt.Transport;

namespace Realtime.Mqtt.Tests.Client;

/// <summary>An in-memory transport that plays the broker: the test scripts what arrives and reads what was sent.</summary>
internal sealed class FakeTransport : IMqttTransport
{
    private readonly Channel<object> _toClient = Channel.CreateUnbounded<object>();
    private readonly Channel<byte[]> _fromClient = Channel.CreateUnbounded<byte[]>();
    private byte[] _rest = [];

    public bool Aborted { get; private set; }

    public bool ClosedWithProtocolError { get; private set; }

    public int SendCount { get; private set; }

    /// <summary>Runs before each send completes; lets a test hold a send in flight.</summary>
    public Func<Task>? BeforeSend { get; set; }

    public void Deliver(params byte[][] chunks)
    {
        foreach (byte[] chunk in chunks)
        {
            _toClient.Writer.TryWrite(chunk);
        }
    }

    public void Deliver(MqttPacket packet) => Deliver(MqttPacketEncoder.Encode(packet));

    public void DeliverError(Exception error) => _toClient.Writer.TryWrite(error);

    public void DeliverEndOfStream() => _toClient.Writer.TryComplete();

    public async Task<byte[]> NextSentBytesAsync() => await _fromClient.Reader.ReadAsync().AsTask().Within();

    public async Task<MqttPacket> NextSentAsync() => MqttPacketDecoder.Decode(await NextSentBytesAsync());

    public async Task<T> NextSentAsync<T>() where T : MqttPacket => Assert.IsType<T>(await NextSentAsync());

    public bool TryTakeSent(out byte[]? bytes) => _fromClient.Reader.TryRead(out bytes);

    public async ValueTask SendAsync(ReadOnlyMemory<byte> packet, CancellationToken cancellationToken)
    {
        if (BeforeSend is { } hook)
        {
            await hook();
        }

        if (Aborted)
        {
            throw new MqttException(MqttErrorCode.ConnectionLost, "fake transport aborted");
        }

        SendCount++;
        _fromClient.Writer.TryWrite(packet.ToArray());
    }

    public async ValueTask<int> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        while (_rest.Length == 0)
        {
            if (!await _toClient.Reader.WaitToReadAsync(cancellationToken))
            {
                return 0;
            }

            if (_toClient.Reader.TryRead(out object? item))
            {
                _rest = item is Exception error ? throw error : (byte[])item;
            }
        }

        int count = Math.Min(buffer.Length, _rest.Length);
        _rest.AsSpan(0, count).CopyTo(buffer.Span);
        _rest = _rest[count..];
        return count;
    }

    public Task CloseAsync(bool protocolError, CancellationToken cancellationToken)
    {
        // The fake broker answers a close at once: the incoming stream ends.
        ClosedWithProtocolError = protocolError;
        _toClient.Writer.TryComplete();
        return Task.CompletedTask;
    }

    public void Abort()
    {
        Aborted = true;
        _toClient.Writer.TryComplete();
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
