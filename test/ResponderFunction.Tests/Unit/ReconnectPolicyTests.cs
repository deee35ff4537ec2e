using Realtime.Mqtt;
using ResponderFunction.Sessions;
using ResponderFunction.Transport;

namespace ResponderFunction.Tests.Unit;

public sealed class ReconnectPolicyTests
{
    [Fact]
    public void Default_FirstAttemptAtOnceThenDoublingUpToTheCap()
    {
        TimeSpan[] delays = Enumerable.Range(0, ReconnectPolicy.Default.MaxAttempts).Select(ReconnectPolicy.Default.DelayBefore).ToArray();

        Assert.Equal([0, 250, 500, 1000, 2000, 4000, 8000, 8000], delays.Select(d => d.TotalMilliseconds));
    }

    [Fact]
    public void DelayBefore_HugeAttemptNumber_StaysAtTheCap()
        => Assert.Equal(TimeSpan.FromSeconds(8), ReconnectPolicy.Default.DelayBefore(int.MaxValue));

    [Fact]
    public void PendingReplies_OverCapacity_DropsTheOldest()
    {
        var pending = new PendingReplies(capacity: 2);
        var first = new PendingReply(new byte[] { 1 }, sentOnConnection: 1);

        Assert.False(pending.Add(first));
        Assert.False(pending.Add(new PendingReply(new byte[] { 2 }, 1)));
        Assert.True(pending.Add(new PendingReply(new byte[] { 3 }, 1)));

        Assert.Equal([2, 3], pending.TakeForResend(connection: 2).Select(r => r.Payload.Span[0]));
        Assert.Empty(pending.TakeForResend(connection: 2)); // already taken for connection 2
    }

    [Theory]
    [InlineData(MqttConnectReturnCode.NotAuthorized, true)]
    [InlineData(MqttConnectReturnCode.BadUserNameOrPassword, true)]
    [InlineData(MqttConnectReturnCode.IdentifierRejected, true)]
    [InlineData(MqttConnectReturnCode.ServerUnavailable, false)]
    public void Convert_ConnectRefusal_IsPermanentUnlessServerUnavailable(MqttConnectReturnCode code, bool permanent)
        => Assert.Equal(permanent, MqttChannelConnection.Convert(new MqttException(code), "connect").IsPermanent);

    [Theory]
    [InlineData(MqttErrorCode.SubscriptionRefused, true)]
    [InlineData(MqttErrorCode.ConnectionLost, false)]
    [InlineData(MqttErrorCode.Timeout, false)]
    [InlineData(MqttErrorCode.NotConnected, false)]
    public void Convert_OtherErrors(MqttErrorCode code, bool permanent)
    {
        ChannelConnectionException converted = MqttChannelConnection.Convert(new MqttException(code, "boom"), "subscribe");

        Assert.Equal(permanent, converted.IsPermanent);
        Assert.Contains("subscribe", converted.Message);
    }
}
