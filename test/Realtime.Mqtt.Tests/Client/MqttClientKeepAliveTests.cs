using Realtime.Mqtt.Packets;

namespace Realtime.Mqtt.Tests.Client;

public sealed class MqttClientKeepAliveTests
{
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Idle_SendsPingReqExactlyWhenNothingWasSentForTheKeepAlivePeriod()
    {
        var time = new ManualTimeProvider();
        (MqttClient client, FakeTransport transport) = await ClientHarness.ConnectAsync(ClientHarness.Options(time));
        await using (client)
        {
            await time.WaitForTimerDueInAsync(Period);
            time.Advance(Period - TimeSpan.FromMilliseconds(1));
            Assert.False(transport.TryTakeSent(out _));

            time.Advance(TimeSpan.FromMilliseconds(1));

            Assert.Equal("C000", Hex.Of(await transport.NextSentBytesAsync()));

            // One second later something else is sent and the PINGRESP arrives: the next ping is due a full period
            // after that send (a timer due then tells that the loop is past the PINGRESP wait, which ends at +9 s).
            time.Advance(TimeSpan.FromSeconds(1));
            await client.PublishAsync(new MqttMessage("probe", ReadOnlyMemory<byte>.Empty)).Within();
            await transport.NextSentAsync<PublishPacket>();
            transport.Deliver(PingRespPacket.Instance);
            await time.WaitForTimerDueInAsync(Period);
            time.Advance(Period - TimeSpan.FromMilliseconds(1));
            Assert.False(transport.TryTakeSent(out _));
            time.Advance(TimeSpan.FromMilliseconds(1));
            await transport.NextSentAsync<PingReqPacket>();
            transport.Deliver(PingRespPacket.Instance);
            Assert.True(client.IsConnected);
        }
    }

    [Fact]
    public async Task Sending_PostponesThePing()
    {
        var time = new ManualTimeProvider();
        (MqttClient client, FakeTransport transport) = await ClientHarness.ConnectAsync(ClientHarness.Options(time));
        await using (client)
        {
            await time.WaitForTimerDueInAsync(Period);
            time.Advance(TimeSpan.FromSeconds(6));
            await client.PublishAsync(new MqttMessage("t", ReadOnlyMemory<byte>.Empty)).Within();
            await transport.NextSentAsync<PublishPacket>();

            // At 10 s the loop wakes, sees only 4 s of silence, and waits 6 s more.
            time.Advance(TimeSpan.FromSeconds(4));
            await time.WaitForTimerDueInAsync(TimeSpan.FromSeconds(6));
            Assert.False(transport.TryTakeSent(out _));
            time.Advance(TimeSpan.FromSeconds(6));

            await transport.NextSentAsync<PingReqPacket>();
        }
    }

    [Fact]
    public async Task NoPingResp_DisconnectsWithKeepAliveTimeoutAndFailsPendingOperations()
    {
        var time = new ManualTimeProvider();
        (MqttClient client, FakeTransport transport) = await ClientHarness.ConnectAsync(ClientHarness.Options(time));
        await time.WaitForTimerDueInAsync(Period);
        time.Advance(Period);
        await transport.NextSentAsync<PingReqPacket>();
        Task<MqttQos> pending = client.SubscribeAsync("t", MqttQos.AtLeastOnce);
        await transport.NextSentAsync<SubscribePacket>();

        await time.WaitForTimerDueInAsync(Period); // the wait for PINGRESP
        time.Advance(Period);

        MqttDisconnectInfo info = await client.Disconnected.Within();
        Assert.Equal(MqttDisconnectReason.KeepAliveTimeout, info.Reason);
        Assert.Equal(MqttErrorCode.Timeout, info.Error!.Code);
        Assert.Equal(MqttErrorCode.ConnectionLost, (await Assert.ThrowsAsync<MqttException>(() => pending.Within())).Code);
        Assert.True(transport.Aborted);
        await client.DisposeAsync();
    }

    [Fact]
    public async Task ZeroKeepAlive_NeverPings()
    {
        var time = new ManualTimeProvider();
        var options = ClientHarness.Options(time);
        options.KeepAlive = TimeSpan.Zero;
        (MqttClient client, FakeTransport transport) = await ClientHarness.ConnectAsync(options);
        await using (client)
        {
            time.Advance(TimeSpan.FromHours(1));
            await client.PublishAsync(new MqttMessage("probe", ReadOnlyMemory<byte>.Empty)).Within();
            Assert.Equal("probe", (await transport.NextSentAsync<PublishPacket>()).Topic);
            Assert.Equal(0, time.ActiveTimerCount);
        }
    }
}
