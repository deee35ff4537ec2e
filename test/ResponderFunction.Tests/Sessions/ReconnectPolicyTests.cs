using ResponderFunction.Sessions;

namespace ResponderFunction.Tests.Sessions;

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
}
