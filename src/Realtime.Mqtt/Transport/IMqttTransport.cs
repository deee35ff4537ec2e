namespace Realtime.Mqtt.Transport;

/// <summary>
/// Moves MQTT bytes; knows nothing about packets. The seam between the client and the network (WebSocket in production,
/// an in-memory fake in tests). One send and one receive may run concurrently; nothing else.
/// Implementations report every transport failure as <see cref="MqttException"/> (ConnectionLost, or ProtocolViolation
/// for data that cannot be MQTT, such as a text WebSocket message).
/// </summary>
internal interface IMqttTransport : IAsyncDisposable
{
    /// <summary>Sends one complete encoded packet as one unit (one binary WebSocket message: AWS IoT drops split packets).</summary>
    ValueTask SendAsync(ReadOnlyMemory<byte> packet, CancellationToken cancellationToken);

    /// <summary>Reads the next bytes of the incoming stream into <paramref name="buffer"/>; 0 means the peer closed the connection.</summary>
    ValueTask<int> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken);

    /// <summary>Starts an orderly close (for WebSocket: a close frame with a normal or protocol-error status).</summary>
    Task CloseAsync(bool protocolError, CancellationToken cancellationToken);

    /// <summary>Drops the connection at once; pending sends and receives fail.</summary>
    void Abort();
}
