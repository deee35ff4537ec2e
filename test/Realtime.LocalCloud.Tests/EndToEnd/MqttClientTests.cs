using MQTTnet;
using MQTTnet.Packets;
using MQTTnet.Protocol;
using Realtime.LocalCloud.Tests.Support;

namespace Realtime.LocalCloud.Tests.EndToEnd;

/// <summary>An MQTTnet client plays the browser: session URL, trigger, ready, PONG, bye.</summary>
[Collection(LocalCloudCollection.Name)]
public sealed class MqttClientTests(LocalCloudFixture cloud)
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task SessionClient_TriggersTheResponder_GetsReadyPongAndBye()
    {
        SessionInfo session = await cloud.NewSessionAsync();
        var inbox = new MessageInbox();
        await using TestMqttClient client = await ConnectAsBrowserAsync(session, inbox);
        await client.PublishAsync(session.SessionTopic, MessageInbox.Json($"{{\"channelId\":\"{session.ChannelId}\"}}"));

        var ready = await inbox.NextAsync(session.ResponseTopic, "ready", s_wait);
        Assert.Equal(session.ChannelId, ready.GetProperty("channelId").GetString());

        await client.PublishAsync(session.RequestTopic, MessageInbox.Json("{\"requestId\":\"r1\"}"));
        var pong = await inbox.NextAsync(session.ResponseTopic, "pong", s_wait);
        Assert.Equal(("PONG", "r1"), (pong.GetProperty("message").GetString(), pong.GetProperty("requestId").GetString()));

        await client.PublishAsync(session.RequestTopic, MessageInbox.Json("{\"type\":\"bye\"}"));
        var bye = await inbox.NextAsync(session.ResponseTopic, "bye", s_wait);
        Assert.Equal("client-left", bye.GetProperty("reason").GetString());
        Assert.Empty(cloud.ErrorLines());
    }

    [Fact]
    public async Task TriggerWithAnUnpairedSurrogateEscape_IsNotSelected_AndTheConnectionStays()
    {
        SessionInfo session = await cloud.NewSessionAsync();
        var inbox = new MessageInbox();
        await using TestMqttClient client = await ConnectAsBrowserAsync(session, inbox);

        await client.PublishAsync(session.SessionTopic, MessageInbox.Json($"{{\"channelId\":\"{session.ChannelId}\\ud800\"}}"));
        await cloud.WaitForLogAsync(
            l => l.Contains($"from {session.ClientId} was not selected", StringComparison.Ordinal) && l.Contains("not valid Unicode", StringComparison.Ordinal), s_wait);

        // Still connected: a proper trigger on the same connection starts the responder.
        await client.PublishAsync(session.SessionTopic, MessageInbox.Json($"{{\"channelId\":\"{session.ChannelId}\"}}"));
        var ready = await inbox.NextAsync(session.ResponseTopic, "ready", s_wait);
        Assert.Equal(session.ChannelId, ready.GetProperty("channelId").GetString());
        Assert.True(client.IsConnected);
        Assert.DoesNotContain(cloud.LogLines, l => l.Contains(session.ClientId, StringComparison.Ordinal) && l.Contains("closed", StringComparison.Ordinal));
        await client.PublishAsync(session.RequestTopic, MessageInbox.Json("{\"type\":\"bye\"}"));
        await inbox.NextAsync(session.ResponseTopic, "bye", s_wait);
    }

    [Fact]
    public async Task DroppedConnection_PublishesTheWill_AndTheResponderLeaves()
    {
        SessionInfo session = await cloud.NewSessionAsync();
        using var timeout = new CancellationTokenSource(s_wait);
        using RawMqttConnection connection = await RawMqttConnection.OpenAsync(new Uri(session.EndpointUrl), timeout.Token);
        await connection.SendAsync(new MqttConnectPacket
        {
            ClientId = session.ClientId, CleanSession = true, KeepAlivePeriod = 60,
            WillFlag = true, WillTopic = session.RequestTopic, WillQoS = MqttQualityOfServiceLevel.AtLeastOnce,
            WillMessage = MessageInbox.Json("{\"type\":\"bye\",\"reason\":\"disconnected\"}"),
        }, timeout.Token);
        Assert.Equal(MqttConnectReturnCode.ConnectionAccepted, Assert.IsType<MqttConnAckPacket>(await connection.ReceiveAsync(timeout.Token)).ReturnCode);
        await connection.SendAsync(new MqttSubscribePacket { PacketIdentifier = 1, TopicFilters = [new MqttTopicFilter { Topic = session.ResponseTopic }] }, timeout.Token);
        Assert.IsType<MqttSubAckPacket>(await connection.ReceiveAsync(timeout.Token));
        await connection.SendAsync(new MqttPublishPacket { Topic = session.SessionTopic, Payload = new(MessageInbox.Json($"{{\"channelId\":\"{session.ChannelId}\"}}")) }, timeout.Token);
        var ready = Assert.IsType<MqttPublishPacket>(await connection.ReceiveAsync(timeout.Token));
        Assert.Contains("\"ready\"", System.Text.Encoding.UTF8.GetString(System.Buffers.BuffersExtensions.ToArray(ready.Payload)), StringComparison.Ordinal);

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
        await using TestMqttClient client = await TestMqttClient.ConnectAsync(new Uri(mine.EndpointUrl), mine.ClientId);
        await client.PublishAsync(mine.SessionTopic, MessageInbox.Json($"{{\"channelId\":\"{theirs.ChannelId}\"}}"));
        string refusal = await cloud.WaitForLogAsync(
            l => l.StartsWith("[ResponderFunction]", StringComparison.Ordinal) && l.Contains(theirs.ChannelId, StringComparison.Ordinal) && l.Contains(mine.ClientId, StringComparison.Ordinal),
            s_wait);
        Assert.Contains("refused", refusal, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task AdminClient_WithAPresignedUrl_MayUseAnyTopic()
    {
        var inbox = new MessageInbox();
        await using TestMqttClient client = await TestMqttClient.ConnectAsync(cloud.AdminMqttUrl(), "admin-" + Guid.NewGuid().ToString("N"), inbox);
        Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, await client.SubscribeAsync("anything/+/goes"));
        await client.PublishAsync("anything/x/goes", MessageInbox.Json("{\"type\":\"echo\"}"));
        await inbox.NextAsync("anything/x/goes", "echo", s_wait);
    }

    /// <summary>Connects with the session's URL and client id, as a browser does, and subscribes to the response topic first.</summary>
    private static async Task<TestMqttClient> ConnectAsBrowserAsync(SessionInfo session, MessageInbox inbox)
    {
        TestMqttClient client = await TestMqttClient.ConnectAsync(new Uri(session.EndpointUrl), session.ClientId, inbox);
        Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, await client.SubscribeAsync(session.ResponseTopic));
        return client;
    }
}
