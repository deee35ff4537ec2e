using System.Net;
using System.Net.WebSockets;
using Realtime.LocalCloud.Tests.Support;
using Realtime.Mqtt;

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
        var error = await Assert.ThrowsAsync<MqttException>(() => MqttClient.ConnectAsync(new MqttClientOptions
        {
            Endpoint = new Uri(mine.EndpointUrl),
            ClientId = theirs.ClientId,
        }));
        Assert.Equal(MqttErrorCode.ConnectionRefused, error.Code);
        Assert.Equal(MqttConnectReturnCode.NotAuthorized, error.ConnectReturnCode);
    }

    [Fact]
    public async Task SubscribingToAnotherChannelsResponses_GetsSubAck0x80()
    {
        SessionInfo mine = await cloud.NewSessionAsync();
        SessionInfo theirs = await cloud.NewSessionAsync();
        await using MqttClient client = await ConnectAsync(mine);
        Assert.Equal(MqttQos.AtLeastOnce, await client.SubscribeAsync(mine.ResponseTopic, MqttQos.AtLeastOnce));
        var error = await Assert.ThrowsAsync<MqttException>(() => client.SubscribeAsync(theirs.ResponseTopic, MqttQos.AtLeastOnce));
        Assert.Equal(MqttErrorCode.SubscriptionRefused, error.Code);
        await Assert.ThrowsAsync<MqttException>(() => client.SubscribeAsync("foobar/#", MqttQos.AtMostOnce));
        Assert.True(client.IsConnected);
    }

    [Fact]
    public async Task PublishingToAnotherChannelsRequests_ClosesTheConnection()
    {
        SessionInfo mine = await cloud.NewSessionAsync();
        SessionInfo theirs = await cloud.NewSessionAsync();
        await using MqttClient client = await ConnectAsync(mine);
        try
        {
            await client.PublishAsync(new MqttMessage(theirs.RequestTopic, MessageInbox.Json("{\"requestId\":\"x\"}")));
        }
        catch (MqttException e) when (e.Code == MqttErrorCode.ConnectionLost)
        {
            // The relay may close the connection before the client has finished sending: also a refusal.
        }

        MqttDisconnectInfo info = await client.Disconnected.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.NotEqual(MqttDisconnectReason.ClientDisconnected, info.Reason);
    }

    [Fact]
    public async Task Mqtt5Connect_GetsUnacceptableProtocolVersion()
    {
        SessionInfo session = await cloud.NewSessionAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using RawMqttConnection connection = await RawMqttConnection.OpenAsync(new Uri(session.EndpointUrl), timeout.Token);
        // CONNECT, protocol "MQTT" level 5, clean start, keep-alive 60, no properties, client id "c".
        byte[] connect = [0x10, 14, 0, 4, (byte)'M', (byte)'Q', (byte)'T', (byte)'T', 5, 0x02, 0, 60, 0, 0, 1, (byte)'c'];
        await connection.SendRawAsync(connect, timeout.Token);
        var connAck = Assert.IsType<Realtime.Mqtt.Packets.ConnAckPacket>(await connection.ReceiveAsync(timeout.Token));
        Assert.Equal(MqttConnectReturnCode.UnacceptableProtocolVersion, connAck.ReturnCode);
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

    private static Task<MqttClient> ConnectAsync(SessionInfo session) =>
        MqttClient.ConnectAsync(new MqttClientOptions { Endpoint = new Uri(session.EndpointUrl), ClientId = session.ClientId });

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
