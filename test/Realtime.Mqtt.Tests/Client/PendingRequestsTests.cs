using Realtime.Mqtt.Packets;

namespace Realtime.Mqtt.Tests.Client;

public sealed class PendingRequestsTests
{
    [Fact]
    public void Register_AllIdsTaken_ThrowsThenReusesAFreedId()
    {
        var pending = new PendingRequests();
        var ids = new HashSet<ushort>();
        for (int i = 0; i < ushort.MaxValue; i++)
        {
            ids.Add(pending.Register(MqttPacketType.PubAck).Id);
        }

        Assert.Equal(ushort.MaxValue, ids.Count);
        Assert.DoesNotContain((ushort)0, ids); // [MQTT-2.3.1-1]
        MqttException full = Assert.Throws<MqttException>(() => pending.Register(MqttPacketType.PubAck));
        Assert.Equal(MqttErrorCode.TooManyInFlight, full.Code);
        Assert.Contains("awaiting acknowledgement", full.Message, StringComparison.Ordinal);

        Assert.True(pending.TryComplete(777, new PubAckPacket(777)));
        Assert.Equal(777, pending.Register(MqttPacketType.PubAck).Id);
    }

    [Fact]
    public void Register_AfterWrapAround_SkipsZeroAndIdsInFlight()
    {
        var pending = new PendingRequests();
        (ushort first, _) = pending.Register(MqttPacketType.PubAck);
        for (int i = 1; i < ushort.MaxValue; i++)
        {
            (ushort id, _) = pending.Register(MqttPacketType.PubAck);
            pending.Cancel(id);
        }

        // The counter is back at 65535; id 1 (first) is still in flight, so the next is 2.
        Assert.Equal(1, first);
        Assert.Equal(2, pending.Register(MqttPacketType.PubAck).Id);
    }

    [Fact]
    public async Task FailAll_FailsEveryWaiterAndRefusesNewOnes()
    {
        var pending = new PendingRequests();
        Task<MqttPacket> a = pending.Register(MqttPacketType.PubAck).Acknowledgement;
        Task<MqttPacket> b = pending.Register(MqttPacketType.SubAck).Acknowledgement;
        var error = new MqttException(MqttErrorCode.ConnectionLost, "gone");

        pending.FailAll(error);

        Assert.Same(error, await Assert.ThrowsAsync<MqttException>(() => a));
        Assert.Same(error, await Assert.ThrowsAsync<MqttException>(() => b));
        Assert.Equal(MqttErrorCode.NotConnected, Assert.Throws<MqttException>(() => pending.Register(MqttPacketType.PubAck)).Code);
    }

    [Fact]
    public void TryComplete_WrongAcknowledgementType_ReturnsFalseAndKeepsWaiter()
    {
        var pending = new PendingRequests();
        (ushort id, Task<MqttPacket> ack) = pending.Register(MqttPacketType.UnsubAck);

        Assert.False(pending.TryComplete(id, new PubAckPacket(id)));
        Assert.False(ack.IsCompleted);
        Assert.True(pending.TryComplete(id, new UnsubAckPacket(id)));
        Assert.True(ack.IsCompletedSuccessfully);
    }
}
