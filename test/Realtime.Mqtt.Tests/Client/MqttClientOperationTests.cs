using Realtime.Mqtt.Packets;

namespace Realtime.Mqtt.Tests.Client;

public sealed class MqttClientOperationTests
{
    [Fact]
    public async Task PublishAsync_Qos0_SendsOnePacketWithExactBytes()
    {
        (MqttClient client, FakeTransport transport) = await ClientHarness.ConnectAsync();
        await using (client)
        {
            await client.PublishAsync(new MqttMessage("a/b", "hi"u8.ToArray(), Retain: true)).Within();

            Assert.Equal("31070003612F626869", Hex.Of(await transport.NextSentBytesAsync()));
        }
    }

    [Fact]
    public async Task PublishAsync_Qos1_CompletesOnlyOnPubAck()
    {
        (MqttClient client, FakeTransport transport) = await ClientHarness.ConnectAsync();
        await using (client)
        {
            Task publishing = client.PublishAsync(new MqttMessage("t", "x"u8.ToArray(), MqttQos.AtLeastOnce));
            var publish = await transport.NextSentAsync<PublishPacket>();
            Assert.Equal((MqttQos.AtLeastOnce, false), (publish.Qos, publish.Duplicate));
            Assert.NotEqual(0, publish.PacketId);
            Assert.False(publishing.IsCompleted);

            transport.Deliver(new PubAckPacket(publish.PacketId));

            await publishing.Within();
        }
    }

    [Fact]
    public async Task PublishAsync_Qos2_RefusedBeforeAnythingIsSent()
    {
        (MqttClient client, FakeTransport transport) = await ClientHarness.ConnectAsync();
        await using (client)
        {
            int sent = transport.SendCount;
            MqttException error = await Assert.ThrowsAsync<MqttException>(
                () => client.PublishAsync(new MqttMessage("t", ReadOnlyMemory<byte>.Empty, MqttQos.ExactlyOnce)));
            MqttException subscribeError = await Assert.ThrowsAsync<MqttException>(() => client.SubscribeAsync("t", MqttQos.ExactlyOnce));

            Assert.Equal((MqttErrorCode.QosNotSupported, MqttErrorCode.QosNotSupported), (error.Code, subscribeError.Code));
            Assert.Equal(sent, transport.SendCount);
        }
    }

    [Fact]
    public async Task PublishAsync_PayloadAboveConfiguredLimit_ThrowsPayloadTooLarge()
    {
        var options = ClientHarness.Options();
        options.MaxPayloadBytes = 10;
        (MqttClient client, FakeTransport transport) = await ClientHarness.ConnectAsync(options);
        await using (client)
        {
            await client.PublishAsync(new MqttMessage("t", new byte[10])).Within();
            MqttException error = await Assert.ThrowsAsync<MqttException>(() => client.PublishAsync(new MqttMessage("t", new byte[11])));

            Assert.Equal(MqttErrorCode.PayloadTooLarge, error.Code);
            Assert.Contains("11 bytes, above MaxPayloadBytes (10", error.Message, StringComparison.Ordinal);
            Assert.Equal(2, transport.SendCount); // CONNECT and the 10-byte PUBLISH
        }
    }

    [Fact]
    public void DefaultMaxPayloadBytes_IsTheAwsLimit()
    {
        Assert.Equal(128 * 1024, ClientHarness.Options().MaxPayloadBytes);
    }

    [Theory]
    [InlineData("a/+")]
    [InlineData("#")]
    [InlineData("")]
    [InlineData("a\0b")]
    public async Task PublishAsync_InvalidTopicName_ThrowsInvalidTopic(string topic)
    {
        (MqttClient client, _) = await ClientHarness.ConnectAsync();
        await using (client)
        {
            MqttException error = await Assert.ThrowsAsync<MqttException>(() => client.PublishAsync(new MqttMessage(topic, ReadOnlyMemory<byte>.Empty)));
            Assert.Equal(MqttErrorCode.InvalidTopic, error.Code);
        }
    }

    [Fact]
    public async Task PublishAsync_TopicLongerThan65535Utf8Bytes_ThrowsInvalidTopic()
    {
        (MqttClient client, _) = await ClientHarness.ConnectAsync();
        await using (client)
        {
            string topic = new('é', 32_768); // 65,536 UTF-8 bytes
            MqttException error = await Assert.ThrowsAsync<MqttException>(() => client.PublishAsync(new MqttMessage(topic, ReadOnlyMemory<byte>.Empty)));
            Assert.Equal(MqttErrorCode.InvalidTopic, error.Code);
        }
    }

    [Fact]
    public async Task ConcurrentQos1Publishes_UseDistinctNonZeroPacketIds_AndAcksInAnyOrderCompleteTheRightOnes()
    {
        (MqttClient client, FakeTransport transport) = await ClientHarness.ConnectAsync();
        await using (client)
        {
            Task[] publishes = Enumerable.Range(0, 50)
                .Select(i => client.PublishAsync(new MqttMessage("t", BitConverter.GetBytes(i), MqttQos.AtLeastOnce)))
                .ToArray();
            var ids = new List<ushort>();
            for (int i = 0; i < publishes.Length; i++)
            {
                ids.Add((await transport.NextSentAsync<PublishPacket>()).PacketId);
            }

            Assert.Equal(50, ids.Distinct().Count());
            Assert.DoesNotContain((ushort)0, ids);
            foreach (ushort id in Enumerable.Reverse(ids))
            {
                transport.Deliver(new PubAckPacket(id));
            }

            await Task.WhenAll(publishes).Within();
        }
    }

    [Fact]
    public async Task PublishAsync_CallerStopsWaiting_IdStaysTakenUntilItsLateAckArrives()
    {
        (MqttClient client, FakeTransport transport) = await ClientHarness.ConnectAsync();
        await using (client)
        {
            using var cancel = new CancellationTokenSource();
            Task first = client.PublishAsync(new MqttMessage("t", "1"u8.ToArray(), MqttQos.AtLeastOnce), cancel.Token);
            ushort firstId = (await transport.NextSentAsync<PublishPacket>()).PacketId;
            await cancel.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first.Within());

            Task second = client.PublishAsync(new MqttMessage("t", "2"u8.ToArray(), MqttQos.AtLeastOnce));
            ushort secondId = (await transport.NextSentAsync<PublishPacket>()).PacketId;
            Assert.NotEqual(firstId, secondId);

            // The late PUBACK for the first publish must not complete the second.
            transport.Deliver(new PubAckPacket(firstId));
            transport.Deliver(PingRespPacket.Instance);
            await client.PublishAsync(new MqttMessage("t", "3"u8.ToArray())).Within();
            Assert.False(second.IsCompleted);
            transport.Deliver(new PubAckPacket(secondId));
            await second.Within();
        }
    }

    [Fact]
    public async Task Acknowledgement_OfTheWrongType_IsAProtocolViolation()
    {
        (MqttClient client, FakeTransport transport) = await ClientHarness.ConnectAsync();
        Task publishing = client.PublishAsync(new MqttMessage("t", "1"u8.ToArray(), MqttQos.AtLeastOnce));
        ushort id = (await transport.NextSentAsync<PublishPacket>()).PacketId;

        transport.Deliver(new SubAckPacket(id, [0x01]));

        MqttDisconnectInfo info = await client.Disconnected.Within();
        Assert.Equal(MqttDisconnectReason.ProtocolViolation, info.Reason);
        Assert.Equal(MqttErrorCode.ConnectionLost, (await Assert.ThrowsAsync<MqttException>(() => publishing.Within())).Code);
        await client.DisposeAsync();
    }

    [Fact]
    public async Task PublishAsync_CancelledWhileAnotherSendIsInFlight_SendsNothing()
    {
        (MqttClient client, FakeTransport transport) = await ClientHarness.ConnectAsync();
        await using (client)
        {
            var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            transport.BeforeSend = () => gate.Task;
            try
            {
                Task first = client.PublishAsync(new MqttMessage("first", ReadOnlyMemory<byte>.Empty));
                using var cancel = new CancellationTokenSource();
                Task second = client.PublishAsync(new MqttMessage("second", ReadOnlyMemory<byte>.Empty, MqttQos.AtLeastOnce), cancel.Token);

                await cancel.CancelAsync();
                await Assert.ThrowsAnyAsync<OperationCanceledException>(() => second.Within());
                transport.BeforeSend = null;
                gate.SetResult();
                await first.Within();
                await client.PublishAsync(new MqttMessage("third", ReadOnlyMemory<byte>.Empty)).Within();

                Assert.Equal("first", (await transport.NextSentAsync<PublishPacket>()).Topic);
                Assert.Equal("third", (await transport.NextSentAsync<PublishPacket>()).Topic);
            }
            finally
            {
                // When an assertion above fails, "first" still holds the send lock behind the gate and the DISCONNECT that
                // DisposeAsync sends would wait for it forever: open the gate so the test reports the failure instead of hanging.
                gate.TrySetResult();
            }
        }
    }

    [Fact]
    public async Task DisconnectAndDispose_Repeated_AreNoOps()
    {
        (MqttClient client, FakeTransport transport) = await ClientHarness.ConnectAsync();

        await client.DisconnectAsync().Within();
        await client.DisconnectAsync().Within();
        await client.DisposeAsync();
        await client.DisposeAsync();

        Assert.Equal(MqttDisconnectReason.ClientDisconnected, (await client.Disconnected).Reason);
        Assert.IsType<DisconnectPacket>(await transport.NextSentAsync());
        Assert.False(transport.TryTakeSent(out _));
    }
}
