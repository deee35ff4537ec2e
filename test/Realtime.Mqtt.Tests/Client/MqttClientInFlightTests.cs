using Realtime.Mqtt.Packets;

namespace Realtime.Mqtt.Tests.Client;

/// <summary><see cref="MqttClientOptions.MaxInFlight"/>: QoS 1 publishes beyond the limit wait for a PUBACK, never fail.</summary>
public sealed class MqttClientInFlightTests
{
    private static MqttMessage Qos1(string topic) => new(topic, "x"u8.ToArray(), MqttQos.AtLeastOnce);

    private static Task<(MqttClient Client, FakeTransport Transport)> ConnectAsync(int maxInFlight)
    {
        MqttClientOptions options = ClientHarness.Options();
        options.MaxInFlight = maxInFlight;
        return ClientHarness.ConnectAsync(options);
    }

    /// <summary>Publishes a QoS 0 probe and checks it is the next packet sent: nothing else went out before it.</summary>
    private static async Task AssertNothingElseSentAsync(MqttClient client, FakeTransport transport)
    {
        await client.PublishAsync(new MqttMessage("probe", ReadOnlyMemory<byte>.Empty)).Within();
        Assert.Equal("probe", (await transport.NextSentAsync<PublishPacket>()).Topic);
    }

    [Fact]
    public void Options_MaxInFlight_DefaultsToTheAwsIotLimit() => Assert.Equal(100, ClientHarness.Options().MaxInFlight);

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(65_536)]
    public async Task Connect_MaxInFlightOutOfRange_ThrowsBeforeConnecting(int maxInFlight)
    {
        MqttClientOptions options = ClientHarness.Options();
        options.MaxInFlight = maxInFlight;
        var transport = new FakeTransport();

        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => ClientHarness.StartConnect(options, transport));

        Assert.Contains("MaxInFlight", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, transport.SendCount);
    }

    [Fact]
    public async Task PublishAsync_Qos1BeyondMaxInFlight_WaitsForAPubAckThenSends()
    {
        (MqttClient client, FakeTransport transport) = await ConnectAsync(maxInFlight: 2);
        await using (client)
        {
            Task first = client.PublishAsync(Qos1("1"));
            Task second = client.PublishAsync(Qos1("2"));
            PublishPacket sentFirst = await transport.NextSentAsync<PublishPacket>();
            PublishPacket sentSecond = await transport.NextSentAsync<PublishPacket>();

            Task third = client.PublishAsync(Qos1("3"));

            Assert.Equal(("1", "2"), (sentFirst.Topic, sentSecond.Topic));
            await AssertNothingElseSentAsync(client, transport);
            Assert.False(third.IsCompleted); // waiting, not failed

            transport.Deliver(new PubAckPacket(sentSecond.PacketId));
            await second.Within();
            PublishPacket sentThird = await transport.NextSentAsync<PublishPacket>();
            Assert.Equal("3", sentThird.Topic);

            transport.Deliver(new PubAckPacket(sentFirst.PacketId));
            transport.Deliver(new PubAckPacket(sentThird.PacketId));
            await first.Within();
            await third.Within();
        }
    }

    [Fact]
    public async Task PublishAsync_CancelledWhileWaitingForASlot_SendsNothingAndTakesNoSlot()
    {
        (MqttClient client, FakeTransport transport) = await ConnectAsync(maxInFlight: 1);
        await using (client)
        {
            Task first = client.PublishAsync(Qos1("1"));
            PublishPacket sentFirst = await transport.NextSentAsync<PublishPacket>();
            using var cancel = new CancellationTokenSource();
            Task waiting = client.PublishAsync(Qos1("cancelled"), cancel.Token);

            await cancel.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.Within());
            transport.Deliver(new PubAckPacket(sentFirst.PacketId));
            await first.Within();
            Task next = client.PublishAsync(Qos1("next"));

            PublishPacket sentNext = await transport.NextSentAsync<PublishPacket>();
            Assert.Equal("next", sentNext.Topic);
            transport.Deliver(new PubAckPacket(sentNext.PacketId));
            await next.Within();
        }
    }

    [Fact]
    public async Task PublishAsync_CallerStopsWaitingForPubAck_SlotStaysTakenUntilThePubAckArrives()
    {
        (MqttClient client, FakeTransport transport) = await ConnectAsync(maxInFlight: 1);
        await using (client)
        {
            using var cancel = new CancellationTokenSource();
            Task abandoned = client.PublishAsync(Qos1("abandoned"), cancel.Token);
            PublishPacket sentAbandoned = await transport.NextSentAsync<PublishPacket>();
            await cancel.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned.Within());

            Task next = client.PublishAsync(Qos1("next"));
            await AssertNothingElseSentAsync(client, transport);
            Assert.False(next.IsCompleted);

            transport.Deliver(new PubAckPacket(sentAbandoned.PacketId));
            PublishPacket sentNext = await transport.NextSentAsync<PublishPacket>();
            Assert.Equal("next", sentNext.Topic);
            transport.Deliver(new PubAckPacket(sentNext.PacketId));
            await next.Within();
        }
    }

    [Fact]
    public async Task PublishAsync_WaitingForASlotWhenTheConnectionDrops_FailsInsteadOfWaitingForever()
    {
        (MqttClient client, FakeTransport transport) = await ConnectAsync(maxInFlight: 1);
        await using (client)
        {
            Task first = client.PublishAsync(Qos1("1"));
            await transport.NextSentAsync<PublishPacket>();
            Task waiting = client.PublishAsync(Qos1("2"));

            transport.DeliverEndOfStream();

            Assert.Equal(MqttErrorCode.ConnectionLost, (await Assert.ThrowsAsync<MqttException>(() => first.Within())).Code);
            MqttException error = await Assert.ThrowsAsync<MqttException>(() => waiting.Within());
            Assert.Contains(error.Code, new[] { MqttErrorCode.NotConnected, MqttErrorCode.ConnectionLost });
        }
    }

    [Fact]
    public async Task SubscribeAsync_DoesNotCountAgainstMaxInFlight()
    {
        (MqttClient client, FakeTransport transport) = await ConnectAsync(maxInFlight: 1);
        await using (client)
        {
            Task first = client.PublishAsync(Qos1("1"));
            PublishPacket sentFirst = await transport.NextSentAsync<PublishPacket>();

            Task<MqttQos> subscribing = client.SubscribeAsync("t", MqttQos.AtLeastOnce);
            SubscribePacket subscribe = await transport.NextSentAsync<SubscribePacket>();
            transport.Deliver(new SubAckPacket(subscribe.PacketId, [0x01]));

            Assert.Equal(MqttQos.AtLeastOnce, await subscribing.Within());
            transport.Deliver(new PubAckPacket(sentFirst.PacketId));
            await first.Within();
        }
    }
}
