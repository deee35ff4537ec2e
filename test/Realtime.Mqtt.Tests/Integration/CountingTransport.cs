using Realtime.Mqtt.Transport;

namespace Realtime.Mqtt.Tests.Integration;

/// <summary>Wraps a real transport and counts the PINGREQ packets the client sends through it (each send is one packet).</summary>
internal sealed class CountingTransport(IMqttTransport inner) : IMqttTransport
{
    private const byte PingReqFirstByte = 0xC0; // type 12, flags 0 [MQTT-3.12.1]

    private int _pingRequests;

    public int PingRequests => Volatile.Read(ref _pingRequests);

    public ValueTask SendAsync(ReadOnlyMemory<byte> packet, CancellationToken cancellationToken)
    {
        if (packet.Length == 2 && packet.Span[0] == PingReqFirstByte)
        {
            Interlocked.Increment(ref _pingRequests);
        }

        return inner.SendAsync(packet, cancellationToken);
    }

    public ValueTask<int> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken) => inner.ReceiveAsync(buffer, cancellationToken);

    public Task CloseAsync(bool protocolError, CancellationToken cancellationToken) => inner.CloseAsync(protocolError, cancellationToken);

    public void Abort() => inner.Abort();

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
