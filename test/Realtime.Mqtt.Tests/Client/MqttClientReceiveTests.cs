using System.Threading.Channels;
using Realtime.Mqtt.Packets;

namespace Realtime.Mqtt.Tests.Client;

public sealed class MqttClientReceiveTests
{
    [Fact]
    public async Task IncomingPackets_SplitAndMergedAcrossMessages_AreDeliveredInOrder()
    {
        var received = Channel.CreateUnbounded<MqttMessage>();
        var options = ClientHarness.Options();
        options.MessageHandler = (message, _) => received.Writer.WriteAsync(message);
        (MqttClient client, FakeTransport transport) = await ClientHarness.ConnectAsync(options);
        await using (client)
        {
            byte[] stream = Enumerable.Range(0, 100)
                .SelectMany(i => MqttPacketEncoder.Encode(new PublishPacket("t/" + i, new byte[i * 37])))
                .ToArray();
            transport.Deliver(Packets.Chunks.Split(stream, new Random(5), 300).ToArray());

            for (int i = 0; i < 100; i++)
            {
                MqttMessage message = await received.Reader.ReadAsync().AsTask().Within();
                Assert.Equal(("t/" + i, i * 37), (message.Topic, message.Payload.Length));
            }
        }
    }

    [Fact]
    public async Task IncomingQos1_PubAckIsSentOnlyAfterTheHandlerReturns()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var options = ClientHarness.Options();
        options.MessageHandler = async (_, cancellationToken) =>
        {
            entered.TrySetResult();
            await gate.Task.WaitAsync(cancellationToken);
        };
        (MqttClient client, FakeTransport transport) = await ClientHarness.ConnectAsync(options);
        await using (client)
        {
            transport.Deliver(new PublishPacket("t", "x"u8.ToArray(), MqttQos.AtLeastOnce, PacketId: 42));
            await entered.Task.Within();

            // A QoS 0 publish goes out while the handler still runs: the send path is free, and no PUBACK precedes it.
            await client.PublishAsync(new MqttMessage("probe", ReadOnlyMemory<byte>.Empty)).Within();
            Assert.Equal("probe", (await transport.NextSentAsync<PublishPacket>()).Topic);

            gate.SetResult();
            Assert.Equal(42, (await transport.NextSentAsync<PubAckPacket>()).PacketId);
        }
    }

    [Fact]
    public async Task Handler_AwaitingQos1PublishOfItsOwn_DoesNotDeadlock()
    {
        FakeTransport? transport = null;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var options = ClientHarness.Options();
        MqttClient? client = null;
        options.MessageHandler = async (message, cancellationToken) =>
        {
            await client!.PublishAsync(new MqttMessage("reply", message.Payload, MqttQos.AtLeastOnce), cancellationToken);
            done.TrySetResult();
        };
        (client, transport) = await ClientHarness.ConnectAsync(options);
        await using (client)
        {
            transport.Deliver(new PublishPacket("request", "x"u8.ToArray()));
            var reply = await transport.NextSentAsync<PublishPacket>();
            Assert.Equal("reply", reply.Topic);
            Assert.Equal("x"u8.ToArray(), reply.Payload.ToArray());
            Assert.Equal(MqttQos.AtLeastOnce, reply.Qos);
            Assert.False(done.Task.IsCompleted); // the handler is still awaiting its PUBACK
            transport.Deliver(new PubAckPacket(reply.PacketId));

            await done.Task.Within();
        }
    }

    [Fact]
    public async Task Handler_Throwing_MessageIsStillAcknowledgedAndNextOneDelivered()
    {
        var delivered = Channel.CreateUnbounded<string>();
        var options = ClientHarness.Options();
        options.MessageHandler = async (message, _) =>
        {
            await delivered.Writer.WriteAsync(message.Topic);
            if (message.Topic == "bad")
            {
                throw new InvalidOperationException("handler bug");
            }
        };
        (MqttClient client, FakeTransport transport) = await ClientHarness.ConnectAsync(options);
        await using (client)
        {
            transport.Deliver(new PublishPacket("bad", ReadOnlyMemory<byte>.Empty, MqttQos.AtLeastOnce, PacketId: 1));
            transport.Deliver(new PublishPacket("good", ReadOnlyMemory<byte>.Empty, MqttQos.AtLeastOnce, PacketId: 2));

            Assert.Equal(1, (await transport.NextSentAsync<PubAckPacket>()).PacketId);
            Assert.Equal(2, (await transport.NextSentAsync<PubAckPacket>()).PacketId);
            Assert.Equal("bad", await delivered.Reader.ReadAsync().AsTask().Within());
            Assert.Equal("good", await delivered.Reader.ReadAsync().AsTask().Within());
            Assert.True(client.IsConnected);
        }
    }

    [Fact]
    public async Task NoHandler_Qos1MessagesAreStillAcknowledged()
    {
        (MqttClient client, FakeTransport transport) = await ClientHarness.ConnectAsync();
        await using (client)
        {
            transport.Deliver(new PublishPacket("t", ReadOnlyMemory<byte>.Empty, MqttQos.AtLeastOnce, PacketId: 9));
            Assert.Equal(9, (await transport.NextSentAsync<PubAckPacket>()).PacketId);
        }
    }

    public static TheoryData<string, byte[]> Violations() => new()
    {
        { "malformed bytes", Hex.Bytes("30 03 00 05 61") },
        { "a CONNECT from the server", MqttPacketEncoder.Encode(new ConnectPacket("x", true, 0)) },
        { "a second CONNACK", MqttPacketEncoder.Encode(new ConnAckPacket(false, MqttConnectReturnCode.Accepted)) },
        { "QoS 2 publish", MqttPacketEncoder.Encode(new PublishPacket("t", ReadOnlyMemory<byte>.Empty, MqttQos.ExactlyOnce, PacketId: 1)) },
        { "payload above the limit", MqttPacketEncoder.Encode(new PublishPacket("t", new byte[131_073])) },
    };

    [Theory]
    [MemberData(nameof(Violations))]
    public async Task ProtocolViolation_ClosesWithProtocolErrorAndFailsPendingOperations(string name, byte[] bytes)
    {
        (MqttClient client, FakeTransport transport) = await ClientHarness.ConnectAsync();
        Task<MqttQos> pending = client.SubscribeAsync("t", MqttQos.AtLeastOnce);
        await transport.NextSentAsync<SubscribePacket>();

        transport.Deliver(bytes);

        MqttDisconnectInfo info = await client.Disconnected.Within();
        Assert.True(info.Reason == MqttDisconnectReason.ProtocolViolation, name);
        Assert.Equal(MqttErrorCode.ProtocolViolation, info.Error!.Code);
        Assert.True(transport.ClosedWithProtocolError);
        MqttException error = await Assert.ThrowsAsync<MqttException>(() => pending.Within());
        Assert.Equal(MqttErrorCode.ConnectionLost, error.Code);
        Assert.Same(info.Error, error.InnerException);
        await client.DisposeAsync();
    }

    [Fact]
    public async Task TransportError_SurfacesAsConnectionLost()
    {
        (MqttClient client, FakeTransport transport) = await ClientHarness.ConnectAsync();
        var failure = new MqttException(MqttErrorCode.ProtocolViolation, "text frame");
        transport.DeliverError(failure);

        MqttDisconnectInfo info = await client.Disconnected.Within();

        Assert.Equal(new MqttDisconnectInfo(MqttDisconnectReason.ProtocolViolation, failure), info);
        await client.DisposeAsync();
    }

    [Fact]
    public async Task BrokerClosesConnection_DisconnectedWithConnectionLost_AndLaterCallsFailNotConnected()
    {
        (MqttClient client, FakeTransport transport) = await ClientHarness.ConnectAsync();
        Task publishing = client.PublishAsync(new MqttMessage("t", ReadOnlyMemory<byte>.Empty, MqttQos.AtLeastOnce));
        await transport.NextSentAsync<PublishPacket>();

        transport.DeliverEndOfStream();

        MqttDisconnectInfo info = await client.Disconnected.Within();
        Assert.Equal(MqttDisconnectReason.ConnectionLost, info.Reason);
        Assert.Equal(MqttErrorCode.ConnectionLost, (await Assert.ThrowsAsync<MqttException>(() => publishing.Within())).Code);
        Assert.False(client.IsConnected);
        MqttException later = await Assert.ThrowsAsync<MqttException>(() => client.SubscribeAsync("t", MqttQos.AtMostOnce));
        Assert.Equal(MqttErrorCode.NotConnected, later.Code);
        await client.DisposeAsync();
        Assert.Equal(MqttDisconnectReason.ConnectionLost, (await client.Disconnected).Reason);
    }

    [Fact]
    public async Task DisposeAsync_FromInsideTheHandler_DoesNotDeadlock()
    {
        MqttClient? client = null;
        var options = ClientHarness.Options();
        options.MessageHandler = async (_, _) => await client!.DisposeAsync();
        FakeTransport transport;
        (client, transport) = await ClientHarness.ConnectAsync(options);

        transport.Deliver(new PublishPacket("t", ReadOnlyMemory<byte>.Empty));

        Assert.Equal(MqttDisconnectReason.ClientDisconnected, (await client.Disconnected.Within()).Reason);
    }
}
