using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using Realtime.Mqtt.Packets;

namespace Realtime.Mqtt.Tests.Transport;

/// <summary>An in-process WebSocket server on a free loopback port that plays a scripted broker, byte by byte.</summary>
internal sealed class LoopbackWebSocketServer : IDisposable
{
    private readonly HttpListener _listener = new();

    public LoopbackWebSocketServer()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        Endpoint = new Uri($"ws://127.0.0.1:{port}/mqtt");
    }

    public Uri Endpoint { get; }

    public async Task<HttpListenerContext> NextRequestAsync() => await _listener.GetContextAsync().Within();

    public static async Task<WebSocket> AcceptAsync(HttpListenerContext context, string? subProtocol = "mqtt") =>
        (await context.AcceptWebSocketAsync(subProtocol).Within()).WebSocket;

    /// <summary>Reads one whole WebSocket message.</summary>
    public static async Task<(WebSocketMessageType Type, byte[] Bytes, WebSocketCloseStatus? CloseStatus)> ReceiveMessageAsync(WebSocket socket)
    {
        var buffer = new byte[256 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            WebSocketReceiveResult result = await socket.ReceiveAsync(buffer, CancellationToken.None).WaitAsync(Eventually.Limit);
            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage || result.MessageType == WebSocketMessageType.Close)
            {
                return (result.MessageType, message.ToArray(), result.CloseStatus);
            }
        }
    }

    /// <summary>Reads one message and checks it holds exactly one complete MQTT packet.</summary>
    public static async Task<MqttPacket> ReceivePacketAsync(WebSocket socket)
    {
        (WebSocketMessageType type, byte[] bytes, _) = await ReceiveMessageAsync(socket);
        Assert.Equal(WebSocketMessageType.Binary, type);
        var buffer = new System.Buffers.ReadOnlySequence<byte>(bytes);
        Assert.True(new MqttPacketFramer().TryReadPacket(ref buffer, out var packet), "the message holds a complete packet");
        Assert.True(buffer.IsEmpty, "the message holds exactly one packet");
        return MqttPacketDecoder.Decode(packet);
    }

    public static Task SendAsync(WebSocket socket, byte[] bytes, WebSocketMessageType type = WebSocketMessageType.Binary) =>
        socket.SendAsync(bytes, type, endOfMessage: true, CancellationToken.None).WaitAsync(Eventually.Limit);

    public void Dispose() => _listener.Close();
}
