using Realtime.LocalCloud.Iam;

namespace Realtime.LocalCloud.Tests.Unit;

public sealed class PolicyEvaluatorTests
{
    private const string Topic = "arn:aws:iot:us-east-1:000000000000:topic/";

    private static PolicyDocument Policy(string statements) => PolicyDocument.Parse($"{{\"Version\":\"2012-10-17\",\"Statement\":[{statements}]}}");

    [Fact]
    public void Allow_MatchingActionAndResource_IsAllowed()
    {
        var rights = new Rights([Policy($"{{\"Effect\":\"Allow\",\"Action\":\"iot:Publish\",\"Resource\":\"{Topic}foobar/*/request\"}}")]);
        Assert.True(rights.IsAllowed("iot:Publish", Topic + "foobar/abc/request"));
        Assert.False(rights.IsAllowed("iot:Receive", Topic + "foobar/abc/request"));
        Assert.False(rights.IsAllowed("iot:Publish", Topic + "foobar/abc/response"));
    }

    [Fact]
    public void NothingMatches_IsAnImplicitDeny() =>
        Assert.Equal(PolicyDecision.ImplicitDeny, PolicyEvaluator.Evaluate([Policy("{\"Effect\":\"Allow\",\"Action\":\"iot:Connect\",\"Resource\":\"x\"}")], "iot:Connect", "y"));

    [Fact]
    public void ExplicitDeny_WinsOverAnyAllow()
    {
        PolicyDocument policy = Policy($"{{\"Effect\":\"Allow\",\"Action\":\"iot:*\",\"Resource\":\"*\"}}," +
                                       $"{{\"Effect\":\"Deny\",\"Action\":[\"iot:Publish\"],\"Resource\":[\"{Topic}foobar/session\"]}}");
        Assert.Equal(PolicyDecision.ExplicitDeny, PolicyEvaluator.Evaluate([policy], "iot:Publish", Topic + "foobar/session"));
        Assert.Equal(PolicyDecision.Allow, PolicyEvaluator.Evaluate([policy], "iot:Publish", Topic + "foobar/other"));
    }

    [Fact]
    public void SessionPolicy_NarrowsTheRolesRights()
    {
        var role = Policy($"{{\"Effect\":\"Allow\",\"Action\":\"iot:Subscribe\",\"Resource\":\"arn:aws:iot:us-east-1:000000000000:topicfilter/foobar/*/response\"}}");
        var session = Policy($"{{\"Effect\":\"Allow\",\"Action\":\"iot:Subscribe\",\"Resource\":\"arn:aws:iot:us-east-1:000000000000:topicfilter/foobar/abc/response\"}}");
        var rights = new Rights([role], session);
        Assert.True(rights.IsAllowed("iot:Subscribe", "arn:aws:iot:us-east-1:000000000000:topicfilter/foobar/abc/response"));
        Assert.False(rights.IsAllowed("iot:Subscribe", "arn:aws:iot:us-east-1:000000000000:topicfilter/foobar/xyz/response"));
    }

    [Fact]
    public void SessionPolicy_CannotGrantMoreThanTheRole()
    {
        var role = Policy("{\"Effect\":\"Allow\",\"Action\":\"iot:Connect\",\"Resource\":\"arn:aws:iot:us-east-1:000000000000:client/client-*\"}");
        var session = Policy("{\"Effect\":\"Allow\",\"Action\":\"iot:*\",\"Resource\":\"*\"}");
        var rights = new Rights([role], session);
        Assert.False(rights.IsAllowed("iot:Connect", "arn:aws:iot:us-east-1:000000000000:client/responder-1"));
        Assert.False(rights.IsAllowed("iot:Publish", Topic + "anything"));
    }

    [Fact]
    public void NotAction_AndNotResource_Invert()
    {
        var rights = new Rights([Policy("{\"Effect\":\"Allow\",\"NotAction\":\"iot:Connect\",\"NotResource\":\"secret\"}")]);
        Assert.True(rights.IsAllowed("iot:Publish", "public"));
        Assert.False(rights.IsAllowed("iot:Connect", "public"));
        Assert.False(rights.IsAllowed("iot:Publish", "secret"));
    }

    [Fact]
    public void AllowWithACondition_IsNotTrusted_FailClosed()
    {
        var rights = new Rights([Policy("{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\",\"Condition\":{\"Bool\":{\"aws:SecureTransport\":\"true\"}}}")]);
        Assert.False(rights.IsAllowed("iot:Publish", "x"));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("{\"Version\":\"2012-10-17\"}")]
    [InlineData("{\"Statement\":[{\"Effect\":\"Maybe\",\"Action\":\"*\",\"Resource\":\"*\"}]}")]
    [InlineData("{\"Statement\":[{\"Effect\":\"Allow\",\"Resource\":\"*\"}]}")]
    [InlineData("{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":5,\"Resource\":\"*\"}]}")]
    public void Parse_BadDocuments_ThrowFormatException(string json) =>
        Assert.Throws<FormatException>(() => PolicyDocument.Parse(json));

    [Fact]
    public void Parse_SingleStatementObject_IsAccepted() =>
        Assert.Single(PolicyDocument.Parse("{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}}").Statements);
}
