using System.Collections.Concurrent;
using MQTTnet;
using MQTTnet.Exceptions;
using MQTTnet.Packets;
using MQTTnet.Protocol;
using Realtime.LocalCloud.Tests.Support;
using Realtime.TestSupport;

namespace Realtime.LocalCloud.Tests.EndToEnd;

/// <summary>
/// AWS IoT's limits and the rules around retained messages, wills and client ids, as the local broker (MQTTnet.Server with
/// our hooks) enforces them for a session's credentials and the administrator's.
/// </summary>
[Collection(LocalCloudCollection.Name)]
public sealed class IotLimitTests(LocalCloudFixture cloud)
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task PayloadOver128KB_ClosesTheConnection_AndExactly128KBIsDelivered()
    {
        string topic = "limits/" + Guid.NewGuid().ToString("N");
        var inbox = new MessageInbox();
        await using TestMqttClient client = await TestMqttClient.ConnectAsync(cloud.AdminMqttUrl(), "limits-" + Guid.NewGuid().ToString("N"), inbox);
        Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, await client.SubscribeAsync(topic));

        await client.PublishAsync(topic, new byte[128 * 1024]);
        Assert.Equal(128 * 1024, (await inbox.NextAsync(s_wait)).Payload.Length);

        Task oversized = client.Client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(new byte[128 * 1024 + 1]).Build());
        await client.Disconnected.WaitAsync(s_wait);
        // QoS 0: the send may or may not have completed before the close. Observed either way, so a failure never surfaces
        // later as an unobserved task exception in another test (the fuzz test counts those).
        await oversized.WaitAsync(s_wait).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ContinueOnCapturedContext);
        Assert.False(inbox.TryTake(out _), "the oversized message must not be delivered");
        await cloud.WaitForLogAsync(l => l.Contains("over AWS IoT's 128 KB limit", StringComparison.Ordinal), s_wait);
    }

    [Fact]
    public async Task DeclaredLengthFarOverTheLimit_IsRefusedBeforeItIsRead()
    {
        using var timeout = new CancellationTokenSource(s_wait);
        using RawMqttConnection connection = await RawMqttConnection.OpenAsync(cloud.AdminMqttUrl(), timeout.Token);
        await connection.SendAsync(new MqttConnectPacket { ClientId = "gate-" + Guid.NewGuid().ToString("N"), CleanSession = true, KeepAlivePeriod = 60 }, timeout.Token);
        Assert.IsType<MqttConnAckPacket>(await connection.ReceiveAsync(timeout.Token));
        // PUBLISH announcing 256 MB (the MQTT maximum) and sending only its header: the server must not wait for or allocate it.
        await connection.SendRawAsync(new byte[] { 0x30, 0xFF, 0xFF, 0xFF, 0x7F }, timeout.Token);
        Assert.True(await connection.ClosedByServerAsync(s_wait), "the server must close the connection");
    }

    [Fact]
    public async Task Qos1PublishWithPacketId0_ClosesTheConnection()
    {
        // [MQTT-2.3.1-1]; MQTTnet.Server alone would keep the connection and fail to encode the PUBACK.
        using var timeout = new CancellationTokenSource(s_wait);
        using RawMqttConnection connection = await RawMqttConnection.OpenAsync(cloud.AdminMqttUrl(), timeout.Token);
        await connection.SendAsync(new MqttConnectPacket { ClientId = "id0-" + Guid.NewGuid().ToString("N"), CleanSession = true, KeepAlivePeriod = 60 }, timeout.Token);
        Assert.IsType<MqttConnAckPacket>(await connection.ReceiveAsync(timeout.Token));
        // PUBLISH QoS 1, topic "limits/id0", packet id 0, payload "x" (built by hand: MQTTnet's encoder refuses id 0).
        byte[] publish = [0x32, 15, 0, 10, .. "limits/id0"u8, 0, 0, (byte)'x'];
        await connection.SendRawAsync(publish, timeout.Token);
        Assert.True(await connection.ClosedByServerAsync(s_wait), "the server must close the connection");
        await cloud.WaitForLogAsync(l => l.Contains("PUBLISH with packet identifier 0", StringComparison.Ordinal), s_wait);
    }

    [Fact]
    public async Task RetransmittedQos1Publish_ReachesAQos0Subscriber()
    {
        // The DUP flag is not passed on [MQTT-3.3.1-3]; MQTTnet.Server alone copies it and fails to encode the QoS 0 copy.
        string topic = "limits/dup/" + Guid.NewGuid().ToString("N")[..8];
        var inbox = new MessageInbox();
        await using TestMqttClient subscriber = await TestMqttClient.ConnectAsync(cloud.AdminMqttUrl(), "dup-sub-" + Guid.NewGuid().ToString("N"), inbox);
        Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS0, await subscriber.SubscribeAsync(topic, MqttQualityOfServiceLevel.AtMostOnce));
        using var timeout = new CancellationTokenSource(s_wait);
        using RawMqttConnection publisher = await RawMqttConnection.OpenAsync(cloud.AdminMqttUrl(), timeout.Token);
        await publisher.SendAsync(new MqttConnectPacket { ClientId = "dup-pub-" + Guid.NewGuid().ToString("N"), CleanSession = true, KeepAlivePeriod = 60 }, timeout.Token);
        Assert.IsType<MqttConnAckPacket>(await publisher.ReceiveAsync(timeout.Token));
        await publisher.SendAsync(new MqttPublishPacket { Topic = topic, PacketIdentifier = 5, QualityOfServiceLevel = MqttQualityOfServiceLevel.AtLeastOnce, Dup = true, Payload = new("{\"type\":\"again\"}"u8.ToArray()) }, timeout.Token);
        Assert.IsType<MqttPubAckPacket>(await publisher.ReceiveAsync(timeout.Token));
        await inbox.NextAsync(topic, "again", s_wait);
    }

    [Fact]
    public async Task Qos2Publish_ClosesTheConnection()
    {
        await using TestMqttClient client = await TestMqttClient.ConnectAsync(cloud.AdminMqttUrl(), "qos2-" + Guid.NewGuid().ToString("N"));
        Task publish = client.Client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic("limits/qos2").WithPayload("x").WithQualityOfServiceLevel(MqttQualityOfServiceLevel.ExactlyOnce).Build());
        await client.Disconnected.WaitAsync(s_wait);
        await Assert.ThrowsAnyAsync<MqttCommunicationException>(() => publish.WaitAsync(s_wait)); // never acknowledged
        await cloud.WaitForLogAsync(l => l.Contains("QoS 2 to limits/qos2, which AWS IoT does not support", StringComparison.Ordinal), s_wait);
    }

    [Fact]
    public async Task Qos2Subscription_IsGrantedQos1()
    {
        await using TestMqttClient client = await TestMqttClient.ConnectAsync(cloud.AdminMqttUrl(), "sub2-" + Guid.NewGuid().ToString("N"));
        Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, await client.SubscribeAsync("limits/sub2", MqttQualityOfServiceLevel.ExactlyOnce));
    }

    [Fact]
    public async Task SubAck_KeepsTheOrderOfTheFilters_WithMixedQosAndARefusal()
    {
        // MQTTnet.Server handles filters highest QoS first; the SUBACK must still follow the SUBSCRIBE's order [MQTT-3.9.3-1].
        SessionInfo mine = await cloud.NewSessionAsync();
        SessionInfo theirs = await cloud.NewSessionAsync();
        await using TestMqttClient client = await TestMqttClient.ConnectAsync(new Uri(mine.EndpointUrl), mine.ClientId);
        MqttClientSubscribeResult result = await client.Client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
            .WithTopicFilter(mine.ResponseTopic, MqttQualityOfServiceLevel.AtMostOnce)
            .WithTopicFilter(theirs.ResponseTopic, MqttQualityOfServiceLevel.AtLeastOnce)
            .Build());
        Assert.Equal([MqttClientSubscribeResultCode.GrantedQoS0, MqttClientSubscribeResultCode.UnspecifiedError], result.Items.Select(i => i.ResultCode));
        Assert.True(client.IsConnected);
    }

    [Fact]
    public async Task RetainedPublish_WithoutIotRetainPublish_ClosesTheConnection()
    {
        // The client role grants iot:Publish on the session topic but not iot:RetainPublish (as the template writes it).
        SessionInfo session = await cloud.NewSessionAsync();
        await using TestMqttClient client = await TestMqttClient.ConnectAsync(new Uri(session.EndpointUrl), session.ClientId);
        Task publish = client.PublishAsync(session.RequestTopic, MessageInbox.Json("{\"requestId\":\"retained\"}"), retain: true);
        await client.Disconnected.WaitAsync(s_wait);
        await Assert.ThrowsAnyAsync<MqttCommunicationException>(() => publish.WaitAsync(s_wait)); // never acknowledged
        await cloud.WaitForLogAsync(l => l.Contains($"iot:RetainPublish on topic/{session.RequestTopic} is not allowed", StringComparison.Ordinal), s_wait);
    }

    [Fact]
    public async Task RetainedPublish_WithIotRetainPublish_IsKeptForLaterSubscribers()
    {
        string topic = "limits/retained/" + Guid.NewGuid().ToString("N");
        await using (TestMqttClient publisher = await TestMqttClient.ConnectAsync(cloud.AdminMqttUrl(), "retain-pub-" + Guid.NewGuid().ToString("N")))
        {
            await publisher.PublishAsync(topic, MessageInbox.Json("{\"kept\":true}"), retain: true);
        }

        var inbox = new MessageInbox();
        await using TestMqttClient subscriber = await TestMqttClient.ConnectAsync(cloud.AdminMqttUrl(), "retain-sub-" + Guid.NewGuid().ToString("N"), inbox);
        await subscriber.SubscribeAsync(topic);
        InboxMessage message = await inbox.NextAsync(s_wait);
        Assert.Equal((topic, "{\"kept\":true}", true), (message.Topic, System.Text.Encoding.UTF8.GetString(message.Payload), message.Retain));
        await subscriber.PublishAsync(topic, [], retain: true); // an empty retained message clears it
    }

    [Theory]
    [InlineData("another channel's request topic", false, 1)]
    [InlineData("own request topic, retained", true, 1)]
    [InlineData("own request topic, QoS 2", false, 2)]
    public async Task Will_ThatTheClientMayNotPublish_IsRefusedAtConnect(string what, bool retain, int qos)
    {
        SessionInfo mine = await cloud.NewSessionAsync();
        SessionInfo theirs = await cloud.NewSessionAsync();
        string willTopic = what.StartsWith("another", StringComparison.Ordinal) ? theirs.RequestTopic : mine.RequestTopic;
        var (client, result) = await TestMqttClient.TryConnectAsync(new Uri(mine.EndpointUrl), mine.ClientId, configure: b => b
            .WithWillTopic(willTopic).WithWillPayload("{\"type\":\"bye\",\"reason\":\"disconnected\"}")
            .WithWillRetain(retain).WithWillQualityOfServiceLevel((MqttQualityOfServiceLevel)qos));
        await using (client)
        {
            Assert.Equal(MqttClientConnectResultCode.NotAuthorized, result);
        }
    }

    [Fact]
    public async Task Will_OnItsOwnRequestTopic_IsAccepted()
    {
        SessionInfo session = await cloud.NewSessionAsync();
        await using TestMqttClient client = await TestMqttClient.ConnectAsync(new Uri(session.EndpointUrl), session.ClientId, configure: b => b
            .WithWillTopic(session.RequestTopic).WithWillPayload("{\"type\":\"bye\",\"reason\":\"disconnected\"}").WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce));
        Assert.True(client.IsConnected);
    }

    [Fact]
    public async Task SecondConnectionWithTheSameClientId_TakesOver()
    {
        string clientId = "takeover-" + Guid.NewGuid().ToString("N");
        string topic = "limits/" + clientId;
        await using TestMqttClient first = await TestMqttClient.ConnectAsync(cloud.AdminMqttUrl(), clientId);
        var inbox = new MessageInbox();
        await using TestMqttClient second = await TestMqttClient.ConnectAsync(cloud.AdminMqttUrl(), clientId, inbox);

        await first.Disconnected.WaitAsync(s_wait);
        Assert.True(second.IsConnected);
        await second.SubscribeAsync(topic);
        await second.PublishAsync(topic, MessageInbox.Json("{\"type\":\"still-here\"}"));
        await inbox.NextAsync(topic, "still-here", s_wait);
        await cloud.WaitForLogAsync(l => l.Contains($"'{clientId}'", StringComparison.Ordinal) && l.Contains("taken over", StringComparison.Ordinal), s_wait);
    }

    [Fact]
    public async Task AtMost100Qos1Deliveries_AreUnacknowledged()
    {
        string topic = "limits/inflight/" + Guid.NewGuid().ToString("N");
        var held = new ConcurrentQueue<MqttApplicationMessageReceivedEventArgs>();
        await using TestMqttClient receiver = await TestMqttClient.ConnectAsync(cloud.AdminMqttUrl(), "inflight-r-" + Guid.NewGuid().ToString("N"));
        receiver.Client.ApplicationMessageReceivedAsync += e =>
        {
            e.AutoAcknowledge = false; // hold the PUBACK
            held.Enqueue(e);
            return Task.CompletedTask;
        };
        await receiver.SubscribeAsync(topic);
        await using TestMqttClient sender = await TestMqttClient.ConnectAsync(cloud.AdminMqttUrl(), "inflight-s-" + Guid.NewGuid().ToString("N"));
        for (int i = 0; i < 130; i++)
        {
            await sender.PublishAsync(topic, MessageInbox.Json($"{{\"n\":{i}}}"));
        }

        await Poll.UntilAsync(() => held.Count >= 100, s_wait, "100 unacknowledged messages at the receiver");
        await Task.Delay(1000); // room for a 101st that must not come
        Assert.Equal(100, held.Count);

        for (int i = 0; i < 10 && held.TryDequeue(out var e); i++)
        {
            await e.AcknowledgeAsync(CancellationToken.None);
        }

        await Poll.UntilAsync(() => held.Count >= 100, s_wait, "10 more after 10 acknowledgements"); // 90 held + 10 more
        await Task.Delay(500);
        Assert.Equal(100, held.Count);
        while (held.TryDequeue(out var e))
        {
            await e.AcknowledgeAsync(CancellationToken.None);
        }
    }
}
