using System.Buffers;
using System.Net;
using System.Net.WebSockets;
using System.Security.Cryptography.X509Certificates;
using MQTTnet.Channel;

namespace Realtime.LocalCloud.Iot;

/// <summary>
/// MQTTnet's view of one accepted WebSocket (server side): a byte stream in [MQTT-6.0.0-2], one binary message per packet
/// out (as AWS IoT sends them). Incoming bytes pass a <see cref="PacketSizeGate"/> first; a text frame [MQTT-6.0.0-1], an
/// oversized or malformed length, or a dropped socket ends the stream (read returns 0), with the reason on the connection.
/// </summary>
internal sealed class IotWebSocketChannel(WebSocket socket, IotConnection connection) : IMqttChannel
{
    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(2);

    private readonly PacketSizeGate _gate = new(IotLimits.MaxRemainingLength);
    private readonly byte[] _buffer = new byte[8192];
    private int _offset;
    private int _count;
    private bool _ended;

    public X509Certificate2? ClientCertificate => null;

    public EndPoint RemoteEndPoint => connection;

    public EndPoint? LocalEndPoint => null;

    public bool IsSecureConnection => false;

    public Task ConnectAsync(CancellationToken cancellationToken) => throw new NotSupportedException("a server-side channel is already connected");

    public async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        while (_count == 0)
        {
            if (_ended || !await FillAsync(cancellationToken).ConfigureAwait(false))
            {
                _ended = true;
                return 0;
            }
        }

        int n = Math.Min(count, _count);
        Buffer.BlockCopy(_buffer, _offset, buffer, offset, n);
        _offset += n;
        _count -= n;
        return n;
    }

    /// <summary>Reads the next WebSocket frame into the buffer; false when the stream has ended (the reason is on the connection).</summary>
    private async Task<bool> FillAsync(CancellationToken cancellationToken)
    {
        ValueWebSocketReceiveResult result;
        try
        {
            // Cancelling a WebSocket receive aborts the TCP connection; when the server gives up on the client (no CONNECT in
            // time, keep-alive expired, stopping) it closes the WebSocket properly instead, and the client's Close ends this read.
            using CancellationTokenRegistration closeOnCancel = cancellationToken.Register(() => _ = CloseThenAbortAsync());
            result = await socket.ReceiveAsync(_buffer.AsMemory(), CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is WebSocketException or IOException)
        {
            connection.SetCloseReason("the WebSocket dropped");
            return false;
        }

        if (result.MessageType == WebSocketMessageType.Close)
        {
            connection.SetCloseReason("the client closed the WebSocket");
            return false;
        }

        if (result.MessageType == WebSocketMessageType.Text)
        {
            connection.SetCloseReason("a text WebSocket frame is not MQTT (use binary frames) [MQTT-6.0.0-1]");
            return false;
        }

        if (!_gate.Accept(_buffer.AsSpan(0, result.Count)))
        {
            connection.SetCloseReason($"refused {_gate.Refusal}");
            return false;
        }

        (_offset, _count) = (0, result.Count);
        return true;
    }

    private async Task CloseThenAbortAsync()
    {
        using var timeout = new CancellationTokenSource(CloseTimeout);
        try
        {
            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token).ConfigureAwait(false);
            }

            await Task.Delay(CloseTimeout).ConfigureAwait(false);
        }
        catch (Exception e) when (e is WebSocketException or IOException or OperationCanceledException or InvalidOperationException)
        {
            // Falls through to the abort.
        }

        if (socket.State != WebSocketState.Closed)
        {
            socket.Abort();
        }
    }

    public async Task WriteAsync(ReadOnlySequence<byte> buffer, bool isEndOfPacket, CancellationToken cancellationToken)
    {
        // Once the WebSocket is closing nothing reaches the client any more: dropped quietly (MQTTnet would only record the
        // failure as an unobserved task exception), the read side ends the connection.
        if (socket.State != WebSocketState.Open)
        {
            return;
        }

        // The channel adapter is told not to fragment, so this is one whole packet: one binary message.
        ReadOnlyMemory<byte> packet = buffer.IsSingleSegment ? buffer.First : buffer.ToArray();
        try
        {
            await socket.SendAsync(packet, WebSocketMessageType.Binary, isEndOfPacket, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is WebSocketException or IOException or ObjectDisposedException)
        {
            connection.SetCloseReason("the WebSocket dropped");
        }
    }

    /// <summary>Sends the WebSocket Close, then waits briefly for the client's so the handshake completes; gives up quietly.</summary>
    public async Task DisconnectAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(CloseTimeout);
        try
        {
            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token).ConfigureAwait(false);
            }

            while (socket.State == WebSocketState.CloseSent)
            {
                await socket.ReceiveAsync(_buffer.AsMemory(), timeout.Token).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is WebSocketException or IOException or OperationCanceledException or InvalidOperationException)
        {
            // The client is gone or did not answer the close: the HTTP layer aborts the connection.
        }
    }

    /// <summary>Nothing to free: the WebSocket belongs to the HTTP request that accepted it.</summary>
    public void Dispose()
    {
    }
}
