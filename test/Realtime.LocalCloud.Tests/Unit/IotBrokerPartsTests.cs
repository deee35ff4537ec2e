using MQTTnet.Protocol;
using Realtime.LocalCloud.Iot;

namespace Realtime.LocalCloud.Tests.Unit;

/// <summary>The small pieces the local broker adds to MQTTnet.Server: the packet size gate, SUBACK order, the in-flight window.</summary>
public sealed class IotBrokerPartsTests
{
    [Fact]
    public void Gate_FollowsPacketsAcrossChunks_AndRefusesAnOversizedLength()
    {
        var gate = new PacketSizeGate(10);
        Assert.True(gate.Accept([0xC0, 0x00])); // PINGREQ
        Assert.True(gate.Accept([0x30, 0x0A, 1, 2, 3])); // PUBLISH of 10 bytes, first 3
        Assert.True(gate.Accept([4, 5, 6, 7, 8, 9, 10, 0xC0])); // its last 7, then the next packet's type byte
        Assert.True(gate.Accept([0x00]));
        Assert.False(gate.Accept([0x30, 0x0B])); // 11 > 10
        Assert.Contains("more than 10 bytes", gate.Refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void Gate_RefusesAHugeLengthFromItsFirstBytes_AndAFiveByteLength()
    {
        Assert.False(new PacketSizeGate(IotLimits.MaxRemainingLength).Accept([0x30, 0xFF, 0xFF, 0xFF, 0x7F]));
        var gate = new PacketSizeGate(int.MaxValue);
        Assert.False(gate.Accept([0x30, 0x80, 0x80, 0x80, 0x80]));
        Assert.Contains("malformed", gate.Refusal, StringComparison.Ordinal);
        Assert.True(new PacketSizeGate(IotLimits.MaxRemainingLength).Accept([0x30, 0x80, 0x80, 0x08])); // 131072 fits
    }

    [Fact]
    public void SubAckOrder_UndoesMqttnetsSortByQos()
    {
        // Requested: QoS 0, QoS 1 (refused), QoS 1. MQTTnet handles filter 1, filter 2, then filter 0.
        MqttQualityOfServiceLevel[] requested = [MqttQualityOfServiceLevel.AtMostOnce, MqttQualityOfServiceLevel.AtLeastOnce, MqttQualityOfServiceLevel.AtLeastOnce];
        List<MqttSubscribeReasonCode> sorted = [MqttSubscribeReasonCode.NotAuthorized, MqttSubscribeReasonCode.GrantedQoS1, MqttSubscribeReasonCode.GrantedQoS0];
        Assert.Equal([MqttSubscribeReasonCode.GrantedQoS0, MqttSubscribeReasonCode.NotAuthorized, MqttSubscribeReasonCode.GrantedQoS1], SubAckOrder.Restore(requested, sorted));
    }

    [Fact]
    public async Task InFlightWindow_WaitsForAPubAck_AndIgnoresStrayOnes()
    {
        var window = new InFlightWindow(2);
        await window.EnterAsync(1, CancellationToken.None);
        await window.EnterAsync(2, CancellationToken.None);
        await window.EnterAsync(2, CancellationToken.None); // a retransmission takes no second slot
        Task third = window.EnterAsync(3, CancellationToken.None);
        await Task.Delay(100);
        Assert.False(third.IsCompleted);
        window.Acknowledge(9); // not outstanding
        await Task.Delay(100);
        Assert.False(third.IsCompleted);
        window.Acknowledge(1);
        await third.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(2, window.Count);
    }
}
