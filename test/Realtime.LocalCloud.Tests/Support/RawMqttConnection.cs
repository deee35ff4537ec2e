using System.Buffers;
using System.Net.WebSockets;
using Realtime.Mqtt.Packets;

namespace Realtime.LocalCloud.Tests.Support;

/// <summary>
/// MQTT over a bare ClientWebSocket with the public codec, for what a well-behaved client never does: dropping the
/// connection without DISCONNECT (so the broker publishes the will), as a closed browser tab does.
/// </summary>
internal sealed class RawMqttConnection : IDisposable
{
    private readonly ClientWebSocket _socket = new();
    private readonly MqttPacketFramer _framer = new();
    private readonly ArrayBufferWriter<byte> _buffer = new();

    public static async Task<RawMqttConnection> OpenAsync(Uri url, CancellationToken cancellationToken)
    {
        var connection = new RawMqttConnection();
        connection._socket.Options.AddSubProtocol("mqtt");
        await connection._socket.ConnectAsync(url, cancellationToken);
        return connection;
    }

    public Task SendAsync(MqttPacket packet, CancellationToken cancellationToken) =>
        _socket.SendAsync(MqttPacketEncoder.Encode(packet), WebSocketMessageType.Binary, endOfMessage: true, cancellationToken);

    public Task SendRawAsync(byte[] bytes, CancellationToken cancellationToken) =>
        _socket.SendAsync(bytes, WebSocketMessageType.Binary, endOfMessage: true, cancellationToken);

    /// <summary>The next packet from the server.</summary>
    public async Task<MqttPacket> ReceiveAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var sequence = new ReadOnlySequence<byte>(_buffer.WrittenMemory);
            if (_framer.TryReadPacket(ref sequence, out ReadOnlySequence<byte> packet))
            {
                MqttPacket decoded = MqttPacketDecoder.Decode(packet);
                byte[] rest = sequence.ToArray();
                _buffer.Clear();
                _buffer.Write(rest);
                return decoded;
            }

            ValueWebSocketReceiveResult result = await _socket.ReceiveAsync(_buffer.GetMemory(4096), cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                throw new WebSocketException("the server closed the connection");
            }

            _buffer.Advance(result.Count);
        }
    }

    /// <summary>Drops the TCP connection without DISCONNECT or a WebSocket close.</summary>
    public void Abort() => _socket.Abort();

    public void Dispose() => _socket.Dispose();
}
