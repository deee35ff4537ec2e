using Realtime.Mqtt.Packets;

namespace Realtime.Mqtt.Tests.Client;

public sealed class MqttClientSubscribeTests
{
    [Fact]
    public async Task SubscribeAsync_Granted_ReturnsGrantedQosAndSendsExactBytes()
    {
        (MqttClient client, FakeTransport transport) = await ClientHarness.ConnectAsync();
        await using (client)
        {
            Task<MqttQos> subscribing = client.SubscribeAsync("a/#", MqttQos.AtLeastOnce);
            byte[] sent = await transport.NextSentBytesAsync();
            ushort id = ((SubscribePacket)MqttPacketDecoder.Decode(sent)).PacketId;
            Assert.Equal($"8208{id:X4}0003612F2301", Hex.Of(sent));

            transport.Deliver(new SubAckPacket(id, [0x00]));

            Assert.Equal(MqttQos.AtMostOnce, await subscribing.Within());
        }
    }

    [Fact]
    public async Task SubscribeAsync_SubAckFailureCode_ThrowsSubscriptionRefused()
    {
        (MqttClient client, FakeTransport transport) = await ClientHarness.ConnectAsync();
        await using (client)
        {
            Task<MqttQos> subscribing = client.SubscribeAsync("secret/#", MqttQos.AtLeastOnce);
            var subscribe = await transport.NextSentAsync<SubscribePacket>();

            transport.Deliver(new SubAckPacket(subscribe.PacketId, [SubAckPacket.FailureReturnCode]));

            MqttException error = await Assert.ThrowsAsync<MqttException>(() => subscribing.Within());
            Assert.Equal(MqttErrorCode.SubscriptionRefused, error.Code);
            Assert.Contains("'secret/#'", error.Message, StringComparison.Ordinal);
            Assert.True(client.IsConnected);
        }
    }

    [Theory]
    [InlineData("a/#/b")]
    [InlineData("a+")]
    [InlineData("")]
    public async Task SubscribeAsync_InvalidFilter_ThrowsInvalidTopic(string filter)
    {
        (MqttClient client, _) = await ClientHarness.ConnectAsync();
        await using (client)
        {
            MqttException error = await Assert.ThrowsAsync<MqttException>(() => client.SubscribeAsync(filter, MqttQos.AtMostOnce));
            Assert.Equal(MqttErrorCode.InvalidTopic, error.Code);
        }
    }

    [Fact]
    public async Task UnsubscribeAsync_CompletesOnUnsubAck()
    {
        (MqttClient client, FakeTransport transport) = await ClientHarness.ConnectAsync();
        await using (client)
        {
            Task unsubscribing = client.UnsubscribeAsync("a/b");
            var unsubscribe = await transport.NextSentAsync<UnsubscribePacket>();
            Assert.Equal(["a/b"], unsubscribe.TopicFilters);
            Assert.False(unsubscribing.IsCompleted);

            transport.Deliver(new UnsubAckPacket(unsubscribe.PacketId));

            await unsubscribing.Within();
        }
    }
}
