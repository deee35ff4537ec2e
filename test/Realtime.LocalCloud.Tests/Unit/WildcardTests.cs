using Realtime.LocalCloud.Iam;

namespace Realtime.LocalCloud.Tests.Unit;

public sealed class WildcardTests
{
    [Theory]
    [InlineData("topic/foobar/*/request", "topic/foobar/abc/request", true)]
    [InlineData("topic/foobar/*/request", "topic/foobar/a/b/request", true)] // * crosses slashes in IAM
    [InlineData("topic/foobar/*/request", "topic/foobar/abc/response", false)]
    [InlineData("client/client-*", "client/client-1", true)]
    [InlineData("client/client-*", "client/responder-1", false)]
    [InlineData("topic/a?c", "topic/abc", true)]
    [InlineData("topic/a?c", "topic/ac", false)]
    [InlineData("topicfilter/foobar/+/response", "topicfilter/foobar/+/response", true)] // MQTT + is literal
    [InlineData("topicfilter/foobar/+/response", "topicfilter/foobar/x/response", false)]
    [InlineData("topicfilter/foobar/#", "topicfilter/foobar/x", false)] // MQTT # is literal
    [InlineData("*", "", true)]
    [InlineData("", "", true)]
    [InlineData("a*b*c", "aXXbYYc", true)]
    [InlineData("a*b*c", "aXXbYY", false)]
    public void IsMatch_FollowsIamRules(string pattern, string value, bool expected) =>
        Assert.Equal(expected, Wildcard.IsMatch(pattern, value));

    [Fact]
    public void IsMatch_IgnoreCase_IsForActionsOnly()
    {
        Assert.True(Wildcard.IsMatch("iot:publish", "iot:Publish", ignoreCase: true));
        Assert.False(Wildcard.IsMatch("topic/A", "topic/a"));
    }
}
