using System.Buffers;
using System.Net.WebSockets;
using MQTTnet.Adapter;
using MQTTnet.Formatter;
using MQTTnet.Packets;

namespace Realtime.LocalCloud.Tests.Support;

/// <summary>
/// MQTT 3.1.1 over a bare ClientWebSocket, packets encoded and decoded by MQTTnet's formatter, for what a well-behaved client
/// never does: dropping the connection without DISCONNECT (so the broker publishes the will), sending raw or broken bytes.
/// </summary>
internal sealed class RawMqttConnection : IDisposable
{
    private readonly ClientWebSocket _socket = new();
    private readonly MqttPacketFormatterAdapter _formatter = new(MqttProtocolVersion.V311, new MqttBufferWriter(4096, 65535));
    private readonly ArrayBufferWriter<byte> _buffer = new();

    public WebSocketState State => _socket.State;

    public static async Task<RawMqttConnection> OpenAsync(Uri url, CancellationToken cancellationToken)
    {
        var connection = new RawMqttConnection();
        connection._socket.Options.AddSubProtocol("mqtt");
        await connection._socket.ConnectAsync(url, cancellationToken);
        return connection;
    }

    public Task SendAsync(MqttPacket packet, CancellationToken cancellationToken) =>
        SendRawAsync(_formatter.Encode(packet).ToArray(), cancellationToken);

    public Task SendRawAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken) =>
        _socket.SendAsync(bytes, WebSocketMessageType.Binary, endOfMessage: true, cancellationToken).AsTask();

    /// <summary>The next packet from the server; a <see cref="WebSocketException"/> when the server closed the connection.</summary>
    public async Task<MqttPacket> ReceiveAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (TryDecode(out MqttPacket? packet))
            {
                return packet!;
            }

            ValueWebSocketReceiveResult result = await _socket.ReceiveAsync(_buffer.GetMemory(4096), cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                throw new WebSocketException("the server closed the connection");
            }

            _buffer.Advance(result.Count);
        }
    }

    /// <summary>Waits until the server closes the connection (true) or <paramref name="timeout"/> passes (false), discarding packets.</summary>
    public async Task<bool> ClosedByServerAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            while (true)
            {
                await ReceiveAsync(cancel.Token);
            }
        }
        catch (WebSocketException)
        {
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private bool TryDecode(out MqttPacket? packet)
    {
        packet = null;
        ReadOnlySpan<byte> data = _buffer.WrittenSpan;
        if (data.Length < 2)
        {
            return false;
        }

        int length = 0, i = 1;
        for (int shift = 0; ; shift += 7, i++)
        {
            if (i >= data.Length)
            {
                return false;
            }

            length |= (data[i] & 0x7F) << shift;
            if ((data[i] & 0x80) == 0)
            {
                break;
            }
        }

        int total = i + 1 + length;
        if (data.Length < total)
        {
            return false;
        }

        byte[] body = data.Slice(i + 1, length).ToArray();
        packet = _formatter.Decode(new ReceivedMqttPacket(data[0], new ArraySegment<byte>(body), total));
        byte[] rest = data[total..].ToArray();
        _buffer.Clear();
        _buffer.Write(rest);
        return true;
    }

    /// <summary>Starts the WebSocket close handshake (the server answers with its Close).</summary>
    public Task CloseOutputAsync(CancellationToken cancellationToken) =>
        _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, cancellationToken);

    /// <summary>Drops the TCP connection without DISCONNECT or a WebSocket close.</summary>
    public void Abort() => _socket.Abort();

    public void Dispose() => _socket.Dispose();
}
