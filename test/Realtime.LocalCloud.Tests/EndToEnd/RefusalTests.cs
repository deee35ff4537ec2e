using System.Net;
using System.Net.WebSockets;
using MQTTnet;
using MQTTnet.Packets;
using MQTTnet.Protocol;
using Realtime.LocalCloud.Tests.Support;

namespace Realtime.LocalCloud.Tests.EndToEnd;

/// <summary>What AWS IoT refuses, the local endpoint refuses: bad URLs at the upgrade, other channels' ids and topics in MQTT.</summary>
[Collection(LocalCloudCollection.Name)]
public sealed class RefusalTests(LocalCloudFixture cloud)
{
    [Fact]
    public async Task TamperedSignature_Gets403AtTheUpgrade()
    {
        SessionInfo session = await cloud.NewSessionAsync();
        string url = session.EndpointUrl;
        int at = url.IndexOf("X-Amz-Signature=", StringComparison.Ordinal) + "X-Amz-Signature=".Length;
        string tampered = url[..at] + (url[at] == '0' ? '1' : '0') + url[(at + 1)..];
        Assert.Equal(HttpStatusCode.Forbidden, await UpgradeStatusAsync(new Uri(tampered)));
    }

    [Fact]
    public async Task ExpiredUrl_Gets403AtTheUpgrade()
    {
        Uri expired = cloud.AdminMqttUrl(DateTimeOffset.UtcNow.AddMinutes(-10), TimeSpan.FromSeconds(60));
        Assert.Equal(HttpStatusCode.Forbidden, await UpgradeStatusAsync(expired));
    }

    [Fact]
    public async Task UnknownAccessKey_Gets403AtTheUpgrade()
    {
        Uri url = Realtime.Aws.IotWebSocketPresigner.Presign(cloud.Host.MqttUrl, LocalCloudFixture.Region,
            new Realtime.Aws.AwsCredentials("AKIDNOBODYKNOWSTHIS", "secret"), DateTimeOffset.UtcNow, TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.Forbidden, await UpgradeStatusAsync(url));
    }

    [Fact]
    public async Task ValidUrl_Upgrades()
    {
        SessionInfo session = await cloud.NewSessionAsync();
        Assert.Equal(HttpStatusCode.SwitchingProtocols, await UpgradeStatusAsync(new Uri(session.EndpointUrl)));
    }

    [Fact]
    public async Task SessionUrl_WithAnotherChannelsClientId_IsRefusedAtConnect()
    {
        SessionInfo mine = await cloud.NewSessionAsync();
        SessionInfo theirs = await cloud.NewSessionAsync();
        var (client, result) = await TestMqttClient.TryConnectAsync(new Uri(mine.EndpointUrl), theirs.ClientId);
        await using (client)
        {
            Assert.Equal(MqttClientConnectResultCode.NotAuthorized, result);
            Assert.False(client.IsConnected);
        }
    }

    [Fact]
    public async Task SubscribingToAnotherChannelsResponses_GetsSubAck0x80()
    {
        SessionInfo mine = await cloud.NewSessionAsync();
        SessionInfo theirs = await cloud.NewSessionAsync();
        await using TestMqttClient client = await ConnectAsync(mine);
        Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, await client.SubscribeAsync(mine.ResponseTopic));
        Assert.Equal(MqttClientSubscribeResultCode.UnspecifiedError, await client.SubscribeAsync(theirs.ResponseTopic)); // 0x80
        Assert.Equal(MqttClientSubscribeResultCode.UnspecifiedError, await client.SubscribeAsync("foobar/#", MqttQualityOfServiceLevel.AtMostOnce));
        Assert.True(client.IsConnected);
    }

    [Fact]
    public async Task PublishingToAnotherChannelsRequests_ClosesTheConnection()
    {
        SessionInfo mine = await cloud.NewSessionAsync();
        SessionInfo theirs = await cloud.NewSessionAsync();
        await using TestMqttClient client = await ConnectAsync(mine);
        await client.Client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(theirs.RequestTopic).WithPayload("{\"requestId\":\"x\"}").Build());
        // The test never disconnects: the server closed the connection (MQTT 3.1.1 has no DISCONNECT from the server).
        await client.Disconnected.WaitAsync(TimeSpan.FromSeconds(10));
        await cloud.WaitForLogAsync(l => l.Contains($"'{mine.ClientId}'", StringComparison.Ordinal) && l.Contains($"iot:Publish on topic/{theirs.RequestTopic} is not allowed", StringComparison.Ordinal), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Mqtt5Connect_IsRefused_UnsupportedProtocolVersion()
    {
        SessionInfo session = await cloud.NewSessionAsync();
        var (client, result) = await TestMqttClient.TryConnectAsync(new Uri(session.EndpointUrl), session.ClientId,
            configure: b => b.WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500));
        await using (client)
        {
            Assert.Equal(MqttClientConnectResultCode.UnsupportedProtocolVersion, result);
        }
    }

    [Fact]
    public async Task Mqtt310Connect_GetsUnacceptableProtocolVersion()
    {
        SessionInfo session = await cloud.NewSessionAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using RawMqttConnection connection = await RawMqttConnection.OpenAsync(new Uri(session.EndpointUrl), timeout.Token);
        // CONNECT, protocol "MQIsdp" level 3 (MQTT 3.1), clean session, keep-alive 60, client id.
        byte[] id = System.Text.Encoding.ASCII.GetBytes(session.ClientId);
        byte[] connect = [0x10, (byte)(14 + id.Length), 0, 6, .. "MQIsdp"u8, 3, 0x02, 0, 60, 0, (byte)id.Length, .. id];
        await connection.SendRawAsync(connect, timeout.Token);
        var connAck = Assert.IsType<MqttConnAckPacket>(await connection.ReceiveAsync(timeout.Token));
        Assert.Equal(MqttConnectReturnCode.ConnectionRefusedUnacceptableProtocolVersion, connAck.ReturnCode);
    }

    [Fact]
    public async Task WebSocketWithoutConnect_IsClosedByTheEndpoint()
    {
        SessionInfo session = await cloud.NewSessionAsync();
        using var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol("mqtt");
        await socket.ConnectAsync(new Uri(session.EndpointUrl), CancellationToken.None);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        ValueWebSocketReceiveResult result = await socket.ReceiveAsync(new byte[16].AsMemory(), timeout.Token);
        Assert.Equal(WebSocketMessageType.Close, result.MessageType);
    }

    private static Task<TestMqttClient> ConnectAsync(SessionInfo session) => TestMqttClient.ConnectAsync(new Uri(session.EndpointUrl), session.ClientId);

    private static async Task<HttpStatusCode> UpgradeStatusAsync(Uri url)
    {
        using var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol("mqtt");
        socket.Options.CollectHttpResponseDetails = true;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await socket.ConnectAsync(url, timeout.Token);
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
        }
        catch (WebSocketException)
        {
            // The status code tells why.
        }

        return socket.HttpStatusCode;
    }
}
