using Realtime.LocalCloud.Tests.Support;
using Realtime.Mqtt;

namespace Realtime.LocalCloud.Tests.EndToEnd;

/// <summary>Our own MQTT client (Realtime.Mqtt) plays the browser: session URL, trigger, ready, PONG, bye.</summary>
[Collection(LocalCloudCollection.Name)]
public sealed class MqttClientTests(LocalCloudFixture cloud)
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task SessionClient_TriggersTheResponder_GetsReadyPongAndBye()
    {
        SessionInfo session = await cloud.NewSessionAsync();
        var inbox = new MessageInbox();
        await using MqttClient client = await ConnectAsBrowserAsync(session, inbox);
        await client.PublishAsync(new MqttMessage(session.SessionTopic, MessageInbox.Json($"{{\"channelId\":\"{session.ChannelId}\"}}"), MqttQos.AtLeastOnce));

        var ready = await inbox.NextAsync(session.ResponseTopic, "ready", s_wait);
        Assert.Equal(session.ChannelId, ready.GetProperty("channelId").GetString());

        await client.PublishAsync(new MqttMessage(session.RequestTopic, MessageInbox.Json("{\"requestId\":\"r1\"}"), MqttQos.AtLeastOnce));
        var pong = await inbox.NextAsync(session.ResponseTopic, "pong", s_wait);
        Assert.Equal(("PONG", "r1"), (pong.GetProperty("message").GetString(), pong.GetProperty("requestId").GetString()));

        await client.PublishAsync(new MqttMessage(session.RequestTopic, MessageInbox.Json("{\"type\":\"bye\"}"), MqttQos.AtLeastOnce));
        var bye = await inbox.NextAsync(session.ResponseTopic, "bye", s_wait);
        Assert.Equal("client-left", bye.GetProperty("reason").GetString());
        Assert.Empty(cloud.ErrorLines());
    }

    [Fact]
    public async Task TriggerWithAnUnpairedSurrogateEscape_IsNotSelected_AndTheConnectionStays()
    {
        SessionInfo session = await cloud.NewSessionAsync();
        var inbox = new MessageInbox();
        await using MqttClient client = await ConnectAsBrowserAsync(session, inbox);

        await client.PublishAsync(new MqttMessage(session.SessionTopic, MessageInbox.Json($"{{\"channelId\":\"{session.ChannelId}\\ud800\"}}"), MqttQos.AtLeastOnce));
        await cloud.WaitForLogAsync(
            l => l.Contains($"from {session.ClientId} was not selected", StringComparison.Ordinal) && l.Contains("not valid Unicode", StringComparison.Ordinal), s_wait);

        // Still connected: a proper trigger on the same connection starts the responder.
        await client.PublishAsync(new MqttMessage(session.SessionTopic, MessageInbox.Json($"{{\"channelId\":\"{session.ChannelId}\"}}"), MqttQos.AtLeastOnce));
        var ready = await inbox.NextAsync(session.ResponseTopic, "ready", s_wait);
        Assert.Equal(session.ChannelId, ready.GetProperty("channelId").GetString());
        Assert.True(client.IsConnected);
        Assert.DoesNotContain(cloud.LogLines, l => l.Contains(session.ClientId, StringComparison.Ordinal) && l.Contains("closed", StringComparison.Ordinal));
        await client.PublishAsync(new MqttMessage(session.RequestTopic, MessageInbox.Json("{\"type\":\"bye\"}"), MqttQos.AtLeastOnce));
        await inbox.NextAsync(session.ResponseTopic, "bye", s_wait);
    }

    [Fact]
    public async Task DroppedConnection_PublishesTheWill_AndTheResponderLeaves()
    {
        SessionInfo session = await cloud.NewSessionAsync();
        using var timeout = new CancellationTokenSource(s_wait);
        using RawMqttConnection connection = await RawMqttConnection.OpenAsync(new Uri(session.EndpointUrl), timeout.Token);
        var will = new MqttWill(session.RequestTopic, MessageInbox.Json("{\"type\":\"bye\",\"reason\":\"disconnected\"}"), MqttQos.AtLeastOnce);
        await connection.SendAsync(new Realtime.Mqtt.Packets.ConnectPacket(session.ClientId, CleanSession: true, KeepAliveSeconds: 60, Will: will), timeout.Token);
        Assert.Equal(MqttConnectReturnCode.Accepted, Assert.IsType<Realtime.Mqtt.Packets.ConnAckPacket>(await connection.ReceiveAsync(timeout.Token)).ReturnCode);
        await connection.SendAsync(new Realtime.Mqtt.Packets.SubscribePacket(1, [new(session.ResponseTopic, MqttQos.AtMostOnce)]), timeout.Token);
        Assert.IsType<Realtime.Mqtt.Packets.SubAckPacket>(await connection.ReceiveAsync(timeout.Token));
        await connection.SendAsync(new Realtime.Mqtt.Packets.PublishPacket(session.SessionTopic, MessageInbox.Json($"{{\"channelId\":\"{session.ChannelId}\"}}")), timeout.Token);
        var ready = Assert.IsType<Realtime.Mqtt.Packets.PublishPacket>(await connection.ReceiveAsync(timeout.Token));
        Assert.Contains("\"ready\"", System.Text.Encoding.UTF8.GetString(ready.Payload.Span), StringComparison.Ordinal);

        connection.Abort();

        // The broker publishes the will on the request topic; the responder ends the session at once instead of idling.
        string left = await cloud.WaitForLogAsync(
            l => l.StartsWith("[ResponderFunction]", StringComparison.Ordinal) && l.Contains(session.ChannelId, StringComparison.Ordinal) && l.Contains("disconnected", StringComparison.Ordinal),
            s_wait);
        Assert.Contains("left", left, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TriggerForAnotherChannel_IsRefusedByTheResponder_BecauseTheRuleAddsTheRealClientId()
    {
        SessionInfo mine = await cloud.NewSessionAsync();
        SessionInfo theirs = await cloud.NewSessionAsync();
        await using MqttClient client = await MqttClient.ConnectAsync(new MqttClientOptions { Endpoint = new Uri(mine.EndpointUrl), ClientId = mine.ClientId });
        await client.PublishAsync(new MqttMessage(mine.SessionTopic, MessageInbox.Json($"{{\"channelId\":\"{theirs.ChannelId}\"}}"), MqttQos.AtLeastOnce));
        string refusal = await cloud.WaitForLogAsync(
            l => l.StartsWith("[ResponderFunction]", StringComparison.Ordinal) && l.Contains(theirs.ChannelId, StringComparison.Ordinal) && l.Contains(mine.ClientId, StringComparison.Ordinal),
            s_wait);
        Assert.Contains("refused", refusal, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task AdminClient_WithAPresignedUrl_MayUseAnyTopic()
    {
        var inbox = new MessageInbox();
        await using MqttClient client = await MqttClient.ConnectAsync(new MqttClientOptions
        {
            Endpoint = cloud.AdminMqttUrl(),
            ClientId = "admin-" + Guid.NewGuid().ToString("N"),
            MessageHandler = inbox.HandleAsync,
        });
        Assert.Equal(MqttQos.AtLeastOnce, await client.SubscribeAsync("anything/+/goes", MqttQos.AtLeastOnce));
        await client.PublishAsync(new MqttMessage("anything/x/goes", MessageInbox.Json("{\"type\":\"echo\"}"), MqttQos.AtLeastOnce));
        await inbox.NextAsync("anything/x/goes", "echo", s_wait);
    }

    /// <summary>Connects with the session's URL and client id, as a browser does, and subscribes to the response topic first.</summary>
    private static async Task<MqttClient> ConnectAsBrowserAsync(SessionInfo session, MessageInbox inbox)
    {
        MqttClient client = await MqttClient.ConnectAsync(new MqttClientOptions
        {
            Endpoint = new Uri(session.EndpointUrl),
            ClientId = session.ClientId,
            MessageHandler = inbox.HandleAsync,
        });
        Assert.Equal(MqttQos.AtLeastOnce, await client.SubscribeAsync(session.ResponseTopic, MqttQos.AtLeastOnce));
        return client;
    }
}
