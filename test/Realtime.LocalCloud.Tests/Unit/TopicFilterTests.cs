using Realtime.LocalCloud.Iot;

namespace Realtime.LocalCloud.Tests.Unit;

public sealed class TopicFilterTests
{
    [Theory]
    [InlineData("foobar/session", "foobar/session", true)]
    [InlineData("foobar/+/request", "foobar/abc/request", true)]
    [InlineData("foobar/+/request", "foobar/a/b/request", false)]
    [InlineData("foobar/#", "foobar", true)]
    [InlineData("foobar/#", "foobar/a/b", true)]
    [InlineData("#", "$aws/things", false)]
    [InlineData("+/x", "$SYS/x", false)]
    [InlineData("foobar/session", "foobar/session/x", false)]
    public void Matches_FollowsMqtt(string filter, string topic, bool expected) =>
        Assert.Equal(expected, TopicFilter.Matches(filter, topic));

    [Fact]
    public void AwsLimits_SlashesAndLength()
    {
        Assert.Null(TopicFilter.CheckAwsLimits("a/b/c/d/e/f/g/h"));
        Assert.NotNull(TopicFilter.CheckAwsLimits("a/b/c/d/e/f/g/h/i"));
        Assert.NotNull(TopicFilter.CheckAwsLimits(new string('x', 257)));
    }
}
