using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Threading.Channels;
using Realtime.Mqtt.Packets;

namespace Realtime.Mqtt.Tests.Transport;

public sealed class WebSocketTransportTests
{
    private static MqttClientOptions Options(Uri endpoint, Channel<MqttMessage>? inbox = null) => new()
    {
        Endpoint = endpoint,
        ClientId = "ws-test",
        ConnectTimeout = TimeSpan.FromSeconds(5),
        RequestHeaders = new Dictionary<string, string> { ["X-Test-Header"] = "42" },
        MessageHandler = inbox is null ? null : (message, cancellationToken) => inbox.Writer.WriteAsync(message, cancellationToken),
    };

    [Fact]
    public async Task Client_OffersMqttSubprotocolAndHeaders_SendsOnePacketPerMessage_ReadsIncomingAsAStream()
    {
        using var server = new LoopbackWebSocketServer();
        var inbox = Channel.CreateUnbounded<MqttMessage>();
        Task<MqttClient> connecting = MqttClient.ConnectAsync(Options(server.Endpoint, inbox));
        HttpListenerContext context = await server.NextRequestAsync();
        Assert.Equal("mqtt", context.Request.Headers["Sec-WebSocket-Protocol"]);
        Assert.Equal("42", context.Request.Headers["X-Test-Header"]);
        WebSocket socket = await LoopbackWebSocketServer.AcceptAsync(context);

        Assert.Equal("ws-test", Assert.IsType<ConnectPacket>(await LoopbackWebSocketServer.ReceivePacketAsync(socket)).ClientId);
        // CONNACK split across two messages [MQTT-6.0.0-2].
        await LoopbackWebSocketServer.SendAsync(socket, Hex.Bytes("20"));
        await LoopbackWebSocketServer.SendAsync(socket, Hex.Bytes("02 00 00"));
        await using MqttClient client = await connecting.Within();

        Task<MqttQos> subscribing = client.SubscribeAsync("a/#", MqttQos.AtLeastOnce);
        var subscribe = Assert.IsType<SubscribePacket>(await LoopbackWebSocketServer.ReceivePacketAsync(socket));
        // SUBACK and a PUBLISH merged into one message.
        byte[] merged = [.. MqttPacketEncoder.Encode(new SubAckPacket(subscribe.PacketId, [0x01])), .. MqttPacketEncoder.Encode(new PublishPacket("a/b", "hi"u8.ToArray()))];
        await LoopbackWebSocketServer.SendAsync(socket, merged);
        Assert.Equal(MqttQos.AtLeastOnce, await subscribing.Within());
        Assert.Equal("a/b", (await inbox.Reader.ReadAsync().AsTask().Within()).Topic);

        byte[] payload = new byte[128 * 1024];
        await client.PublishAsync(new MqttMessage("big", payload)).Within();
        var publish = Assert.IsType<PublishPacket>(await LoopbackWebSocketServer.ReceivePacketAsync(socket));
        Assert.Equal(payload.Length, publish.Payload.Length);
    }

    [Fact]
    public async Task Server_OmitsSubprotocolInItsAnswer_ClientStillConnects()
    {
        // AWS IoT may leave Sec-WebSocket-Protocol out of the 101 (AWS-NOTES).
        using var server = new LoopbackWebSocketServer();
        Task<MqttClient> connecting = MqttClient.ConnectAsync(Options(server.Endpoint));
        WebSocket socket = await LoopbackWebSocketServer.AcceptAsync(await server.NextRequestAsync(), subProtocol: null);
        await LoopbackWebSocketServer.ReceivePacketAsync(socket);
        await LoopbackWebSocketServer.SendAsync(socket, Hex.Bytes("20 02 00 00"));

        await using MqttClient client = await connecting.Within();

        Assert.True(client.IsConnected);
    }

    [Fact]
    public async Task TextMessage_EndsTheConnectionWithProtocolViolation_AndCloseStatus1002()
    {
        using var server = new LoopbackWebSocketServer();
        Task<MqttClient> connecting = MqttClient.ConnectAsync(Options(server.Endpoint));
        WebSocket socket = await LoopbackWebSocketServer.AcceptAsync(await server.NextRequestAsync());
        await LoopbackWebSocketServer.ReceivePacketAsync(socket);
        await LoopbackWebSocketServer.SendAsync(socket, Hex.Bytes("20 02 00 00"));
        MqttClient client = await connecting.Within();

        await LoopbackWebSocketServer.SendAsync(socket, "hello"u8.ToArray(), WebSocketMessageType.Text);

        MqttDisconnectInfo info = await client.Disconnected.Within();
        Assert.Equal(MqttDisconnectReason.ProtocolViolation, info.Reason);
        Assert.Contains("text WebSocket message", info.Error!.Message, StringComparison.Ordinal);
        (WebSocketMessageType type, _, WebSocketCloseStatus? status) = await LoopbackWebSocketServer.ReceiveMessageAsync(socket);
        Assert.Equal((WebSocketMessageType.Close, WebSocketCloseStatus.ProtocolError), (type, status!.Value));
        await client.DisposeAsync();
    }

    [Fact]
    public async Task UpgradeRefused_ThrowsConnectionLostNamingTheStatusButNotTheQuery()
    {
        using var server = new LoopbackWebSocketServer();
        var options = Options(new Uri(server.Endpoint + "?X-Amz-Signature=abcdef0123&X-Amz-Security-Token=tok"));
        Task<MqttClient> connecting = MqttClient.ConnectAsync(options);
        HttpListenerContext context = await server.NextRequestAsync();
        context.Response.StatusCode = 403;
        context.Response.Close();

        MqttException error = await Assert.ThrowsAsync<MqttException>(() => connecting.Within());

        Assert.Equal(MqttErrorCode.ConnectionLost, error.Code);
        Assert.Contains("403", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("abcdef0123", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("tok", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServerNeverAnswersTheUpgrade_ThrowsTimeoutAfterConnectTimeout()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var options = Options(new Uri($"ws://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}/mqtt"));
        options.ConnectTimeout = TimeSpan.FromMilliseconds(500);

        MqttException error = await Assert.ThrowsAsync<MqttException>(() => MqttClient.ConnectAsync(options).Within());

        Assert.Equal(MqttErrorCode.Timeout, error.Code);
    }

    [Fact]
    public async Task NothingListening_ThrowsConnectionLost()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();

        MqttException error = await Assert.ThrowsAsync<MqttException>(() => MqttClient.ConnectAsync(Options(new Uri($"ws://127.0.0.1:{port}/mqtt"))).Within());

        Assert.Equal(MqttErrorCode.ConnectionLost, error.Code);
    }
}
