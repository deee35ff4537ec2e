using Realtime.Mqtt.Packets;

namespace Realtime.Mqtt.Tests.Client;

public sealed class MqttClientConnectTests
{
    [Fact]
    public async Task ConnectAsync_Options_SendsExactConnectPacket()
    {
        var options = ClientHarness.Options();
        options.ClientId = "c";
        options.CleanSession = false;
        options.KeepAlive = TimeSpan.FromSeconds(10);
        options.Will = new MqttWill("w", "x"u8.ToArray(), MqttQos.AtLeastOnce, Retain: true);
        options.UserName = "u";
        options.Password = "p";
        var transport = new FakeTransport();

        Task<MqttClient> connecting = ClientHarness.StartConnect(options, transport);

        Assert.Equal("101900044D5154540" + "4EC000A0001630001770001780001750001" + "70", Hex.Of(await transport.NextSentBytesAsync()));
        transport.Deliver(new ConnAckPacket(SessionPresent: true, MqttConnectReturnCode.Accepted));
        await using MqttClient client = await connecting.Within();
        Assert.True(client.IsConnected);
    }

    [Theory]
    [InlineData(MqttConnectReturnCode.UnacceptableProtocolVersion, "0x01")]
    [InlineData(MqttConnectReturnCode.IdentifierRejected, "0x02")]
    [InlineData(MqttConnectReturnCode.ServerUnavailable, "0x03")]
    [InlineData(MqttConnectReturnCode.BadUserNameOrPassword, "0x04")]
    [InlineData(MqttConnectReturnCode.NotAuthorized, "0x05")]
    public async Task ConnectAsync_RefusedConnAck_ThrowsConnectionRefusedWithReturnCode(MqttConnectReturnCode code, string inMessage)
    {
        var transport = new FakeTransport();
        Task<MqttClient> connecting = ClientHarness.StartConnect(ClientHarness.Options(), transport);
        await transport.NextSentAsync<ConnectPacket>();

        transport.Deliver(new ConnAckPacket(SessionPresent: false, code));

        MqttException error = await Assert.ThrowsAsync<MqttException>(() => connecting.Within());
        Assert.Equal((MqttErrorCode.ConnectionRefused, code), (error.Code, error.ConnectReturnCode!.Value));
        Assert.Contains(inMessage, error.Message, StringComparison.Ordinal);
        Assert.True(transport.Aborted);
    }

    [Fact]
    public async Task ConnectAsync_NoConnAckWithinTimeout_ThrowsTimeout()
    {
        var time = new ManualTimeProvider();
        var options = ClientHarness.Options(time);
        options.ConnectTimeout = TimeSpan.FromSeconds(5);
        var transport = new FakeTransport();
        Task<MqttClient> connecting = ClientHarness.StartConnect(options, transport);
        await transport.NextSentAsync<ConnectPacket>();

        time.Advance(TimeSpan.FromSeconds(5));

        MqttException error = await Assert.ThrowsAsync<MqttException>(() => connecting.Within());
        Assert.Equal(MqttErrorCode.Timeout, error.Code);
        Assert.Contains("connect timeout (5 s)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConnectAsync_CallerCancels_ThrowsOperationCanceledNotTimeout()
    {
        using var cancel = new CancellationTokenSource();
        var transport = new FakeTransport();
        Task<MqttClient> connecting = ClientHarness.StartConnect(ClientHarness.Options(), transport, cancel.Token);
        await transport.NextSentAsync<ConnectPacket>();

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => connecting.Within());
    }

    [Fact]
    public async Task ConnectAsync_BrokerClosesBeforeConnAck_ThrowsConnectionLost()
    {
        var transport = new FakeTransport();
        Task<MqttClient> connecting = ClientHarness.StartConnect(ClientHarness.Options(), transport);
        await transport.NextSentAsync<ConnectPacket>();

        transport.DeliverEndOfStream();

        MqttException error = await Assert.ThrowsAsync<MqttException>(() => connecting.Within());
        Assert.Equal(MqttErrorCode.ConnectionLost, error.Code);
    }

    [Fact]
    public async Task ConnectAsync_FirstPacketIsNotConnAck_ThrowsProtocolViolation()
    {
        var transport = new FakeTransport();
        Task<MqttClient> connecting = ClientHarness.StartConnect(ClientHarness.Options(), transport);
        await transport.NextSentAsync<ConnectPacket>();

        transport.Deliver(PingRespPacket.Instance);

        MqttException error = await Assert.ThrowsAsync<MqttException>(() => connecting.Within());
        Assert.Equal(MqttErrorCode.ProtocolViolation, error.Code);
        Assert.True(transport.ClosedWithProtocolError);
    }

    [Fact]
    public async Task ConnectAsync_InvalidOptions_ThrowBeforeConnecting()
    {
        var transport = new FakeTransport();
        var noUser = ClientHarness.Options();
        noUser.Password = "secret";
        var qos2Will = ClientHarness.Options();
        qos2Will.Will = new MqttWill("w", ReadOnlyMemory<byte>.Empty, MqttQos.ExactlyOnce);
        var emptyIdKeptSession = ClientHarness.Options();
        emptyIdKeptSession.ClientId = string.Empty;
        emptyIdKeptSession.CleanSession = false;
        var http = ClientHarness.Options();
        http.Endpoint = new Uri("http://127.0.0.1/mqtt");

        await Assert.ThrowsAsync<ArgumentException>(() => ClientHarness.StartConnect(noUser, transport));
        Assert.Equal(MqttErrorCode.QosNotSupported, (await Assert.ThrowsAsync<MqttException>(() => ClientHarness.StartConnect(qos2Will, transport))).Code);
        await Assert.ThrowsAsync<ArgumentException>(() => ClientHarness.StartConnect(emptyIdKeptSession, transport));
        await Assert.ThrowsAsync<ArgumentException>(() => ClientHarness.StartConnect(http, transport));
        Assert.Equal(0, transport.SendCount);
    }

    [Fact]
    public async Task DisconnectAsync_Connected_SendsDisconnectAndReportsClientDisconnected()
    {
        (MqttClient client, FakeTransport transport) = await ClientHarness.ConnectAsync();

        await client.DisconnectAsync().Within();

        Assert.Equal("E000", Hex.Of(await transport.NextSentBytesAsync()));
        MqttDisconnectInfo info = await client.Disconnected.Within();
        Assert.Equal(new MqttDisconnectInfo(MqttDisconnectReason.ClientDisconnected, null), info);
        Assert.False(client.IsConnected);
        MqttException error = await Assert.ThrowsAsync<MqttException>(() => client.PublishAsync(new MqttMessage("t", ReadOnlyMemory<byte>.Empty)));
        Assert.Equal(MqttErrorCode.NotConnected, error.Code);
        await client.DisposeAsync();
    }
}
