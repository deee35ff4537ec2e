using System.Text;
using System.Threading.Channels;
using Realtime.Mqtt.Transport;
using Realtime.TestSupport;

namespace Realtime.Mqtt.Tests.Integration;

[Collection(MosquittoFixture.Collection)]
public sealed class MosquittoClientTests(MosquittoFixture fixture)
{
    private readonly Uri _endpoint = fixture.Broker.WebSocketUri;

    [Fact]
    public async Task Connect_ThenDisconnect_ReportsClientDisconnected()
    {
        MqttClient client = await Clients.ConnectAsync(Clients.Options(_endpoint, "plain"));
        Assert.True(client.IsConnected);

        await client.DisconnectAsync().Within();

        Assert.Equal(new MqttDisconnectInfo(MqttDisconnectReason.ClientDisconnected, null), await client.Disconnected.Within());
        await client.DisposeAsync();
    }

    [Fact]
    public async Task SubscribeAndPublish_Qos0AndQos1_RoundTripThroughTheBroker()
    {
        var inbox = Channel.CreateUnbounded<MqttMessage>();
        await using MqttClient client = await Clients.ConnectAsync(Clients.Options(_endpoint, "roundtrip", inbox));
        string topic = Clients.Topic("a");

        Assert.Equal(MqttQos.AtLeastOnce, await client.SubscribeAsync(topic[..topic.LastIndexOf('/')] + "/+", MqttQos.AtLeastOnce).Within());
        await client.PublishAsync(new MqttMessage(topic, "zero"u8.ToArray())).Within();
        await client.PublishAsync(new MqttMessage(topic, "one"u8.ToArray(), MqttQos.AtLeastOnce)).Within();

        MqttMessage first = await Clients.NextAsync(inbox);
        MqttMessage second = await Clients.NextAsync(inbox);
        Assert.Equal((topic, "zero", MqttQos.AtMostOnce), (first.Topic, Encoding.UTF8.GetString(first.Payload.Span), first.Qos));
        Assert.Equal((topic, "one", MqttQos.AtLeastOnce), (second.Topic, Encoding.UTF8.GetString(second.Payload.Span), second.Qos));
    }

    [Fact]
    public async Task Unsubscribe_StopsDelivery()
    {
        var inbox = Channel.CreateUnbounded<MqttMessage>();
        await using MqttClient client = await Clients.ConnectAsync(Clients.Options(_endpoint, "unsub", inbox));
        string dropped = Clients.Topic("dropped");
        string kept = Clients.Topic("kept");
        await client.SubscribeAsync(dropped, MqttQos.AtLeastOnce).Within();
        await client.SubscribeAsync(kept, MqttQos.AtLeastOnce).Within();

        await client.UnsubscribeAsync(dropped).Within();
        await client.PublishAsync(new MqttMessage(dropped, "x"u8.ToArray(), MqttQos.AtLeastOnce)).Within();
        await client.PublishAsync(new MqttMessage(kept, "y"u8.ToArray(), MqttQos.AtLeastOnce)).Within();

        // The broker handles one connection's packets in order: had 'dropped' been delivered, it would come first.
        Assert.Equal(kept, (await Clients.NextAsync(inbox)).Topic);
    }

    [Fact]
    public async Task RetainedMessage_IsDeliveredToALaterSubscriberWithRetainSet()
    {
        string topic = Clients.Topic("retained");
        await using (MqttClient publisher = await Clients.ConnectAsync(Clients.Options(_endpoint, "retain-pub")))
        {
            await publisher.PublishAsync(new MqttMessage(topic, "state"u8.ToArray(), MqttQos.AtLeastOnce, Retain: true)).Within();
        }

        var inbox = Channel.CreateUnbounded<MqttMessage>();
        await using MqttClient subscriber = await Clients.ConnectAsync(Clients.Options(_endpoint, "retain-sub", inbox));
        await subscriber.SubscribeAsync(topic, MqttQos.AtLeastOnce).Within();

        MqttMessage message = await Clients.NextAsync(inbox);
        Assert.Equal((topic, "state", true), (message.Topic, Encoding.UTF8.GetString(message.Payload.Span), message.Retain));
        await subscriber.PublishAsync(new MqttMessage(topic, ReadOnlyMemory<byte>.Empty, Retain: true)).Within(); // clear it
    }

    [Fact]
    public async Task Will_IsPublishedWhenTheSocketDropsWithoutDisconnect_AndNotAfterAGracefulClose()
    {
        string willTopic = Clients.Topic("will");
        var inbox = Channel.CreateUnbounded<MqttMessage>();
        await using MqttClient watcher = await Clients.ConnectAsync(Clients.Options(_endpoint, "will-watch", inbox));
        await watcher.SubscribeAsync(willTopic, MqttQos.AtLeastOnce).Within();

        MqttClientOptions graceful = Clients.Options(_endpoint, "will-graceful");
        graceful.Will = new MqttWill(willTopic, "graceful"u8.ToArray(), MqttQos.AtLeastOnce);
        await (await Clients.ConnectAsync(graceful)).DisposeAsync();

        MqttClientOptions abrupt = Clients.Options(_endpoint, "will-abrupt");
        abrupt.Will = new MqttWill(willTopic, """{"type":"bye","reason":"disconnected"}"""u8.ToArray(), MqttQos.AtLeastOnce);
        (MqttClient dying, var transport) = await Clients.ConnectWithTransportAsync(abrupt);
        transport.Abort();

        MqttMessage will = await Clients.NextAsync(inbox);
        Assert.Equal("""{"type":"bye","reason":"disconnected"}""", Encoding.UTF8.GetString(will.Payload.Span));
        Assert.Equal(MqttDisconnectReason.ConnectionLost, (await dying.Disconnected.Within()).Reason);
        await dying.DisposeAsync();
    }

    [Fact]
    public async Task Payload128KB_RoundTripsIntact_AndOneByteMoreIsRefused()
    {
        var inbox = Channel.CreateUnbounded<MqttMessage>();
        await using MqttClient client = await Clients.ConnectAsync(Clients.Options(_endpoint, "big", inbox));
        string topic = Clients.Topic("big");
        await client.SubscribeAsync(topic, MqttQos.AtLeastOnce).Within();
        byte[] payload = new byte[128 * 1024];
        new Random(128).NextBytes(payload);

        await client.PublishAsync(new MqttMessage(topic, payload, MqttQos.AtLeastOnce)).Within();
        MqttException error = await Assert.ThrowsAsync<MqttException>(() => client.PublishAsync(new MqttMessage(topic, new byte[payload.Length + 1])));

        MqttMessage received = await Clients.NextAsync(inbox);
        Assert.True(payload.AsSpan().SequenceEqual(received.Payload.Span));
        Assert.Equal(MqttErrorCode.PayloadTooLarge, error.Code);
        Assert.True(client.IsConnected);
    }

    [Fact]
    public async Task Burst_5000Qos1Messages_ArriveWithoutLossOrReordering()
    {
        const int Count = 5000;
        var inbox = Channel.CreateUnbounded<MqttMessage>();
        string topic = Clients.Topic("burst");
        await using MqttClient subscriber = await Clients.ConnectAsync(Clients.Options(_endpoint, "burst-sub", inbox));
        await using MqttClient publisher = await Clients.ConnectAsync(Clients.Options(_endpoint, "burst-pub"));
        await subscriber.SubscribeAsync(topic, MqttQos.AtLeastOnce).Within();

        Task publishing = Task.Run(async () =>
        {
            for (int i = 0; i < Count; i++)
            {
                await publisher.PublishAsync(new MqttMessage(topic, BitConverter.GetBytes(i), MqttQos.AtLeastOnce));
            }
        });

        for (int i = 0; i < Count; i++)
        {
            MqttMessage message = await Clients.NextAsync(inbox);
            Assert.Equal(i, BitConverter.ToInt32(message.Payload.Span));
        }

        await publishing.Within();
        Assert.True(subscriber.IsConnected && publisher.IsConnected);
        Assert.DoesNotContain("dropped", fixture.Broker.Log, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task DuplicateClientId_BrokerDropsTheOlderConnection_SurfacesAsConnectionLost()
    {
        MqttClientOptions options = Clients.Options(_endpoint, "dup");
        MqttClient older = await Clients.ConnectAsync(options);
        await using MqttClient newer = await Clients.ConnectAsync(options);

        MqttDisconnectInfo info = await older.Disconnected.Within();

        Assert.Equal(MqttDisconnectReason.ConnectionLost, info.Reason);
        Assert.False(older.IsConnected);
        Assert.True(newer.IsConnected);
        Assert.Equal(MqttErrorCode.NotConnected, (await Assert.ThrowsAsync<MqttException>(() => older.PublishAsync(new MqttMessage("t", ReadOnlyMemory<byte>.Empty)))).Code);
        await older.DisposeAsync();
    }

    [Fact]
    public async Task KeepAlive_QuietConnectionSurvivesLongerThanTheBrokersCutoff_BecauseItPings()
    {
        // Mosquitto drops a client that sends nothing for 1.5 x keep-alive (7.5 s here). The client pings after 5 s of
        // silence, 2.5 s before that cutoff: wide slack for timer delays on a loaded machine.
        var keepAlive = TimeSpan.FromSeconds(5);
        var inbox = Channel.CreateUnbounded<MqttMessage>();
        MqttClientOptions options = Clients.Options(_endpoint, "quiet", inbox);
        options.KeepAlive = keepAlive;
        CountingTransport? counting = null;
        await using MqttClient client = await MqttClient.ConnectAsync(
            options,
            async (o, cancellationToken) => counting = new CountingTransport(await WebSocketMqttTransport.ConnectAsync(o, cancellationToken)),
            CancellationToken.None).Within();
        string topic = Clients.Topic("quiet");
        await client.SubscribeAsync(topic, MqttQos.AtMostOnce).Within();

        // The quiet period itself is the behaviour under test, so this is an observation window, not synchronisation.
        // 9 s > 1.5 x keep-alive: without pings the broker would have closed the connection inside it.
        TimeSpan quiet = keepAlive * 1.8;
        Task ended = await Task.WhenAny(client.Disconnected, Task.Delay(quiet));

        Assert.NotSame(client.Disconnected, ended);
        Assert.True(counting!.PingRequests >= 1, $"expected a PINGREQ during {quiet.TotalSeconds} s of silence, saw {counting.PingRequests}");
        await client.PublishAsync(new MqttMessage(topic, "still here"u8.ToArray())).Within();
        Assert.Equal("still here", Encoding.UTF8.GetString((await Clients.NextAsync(inbox)).Payload.Span));
    }
}
