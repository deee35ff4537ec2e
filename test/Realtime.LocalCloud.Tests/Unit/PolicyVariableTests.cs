using Realtime.LocalCloud.Iam;

namespace Realtime.LocalCloud.Tests.Unit;

/// <summary>
/// Policy variables (<c>${iot:ClientId}</c>, <c>${aws:username}</c>) in Resource elements: substituted from the request,
/// never treated as wildcards, and a Deny whose variable cannot be resolved still denies (fail closed).
/// </summary>
public sealed class PolicyVariableTests
{
    private const string Topic = "arn:aws:iot:us-east-1:000000000000:topic/";

    private static PolicyDocument Policy(string statements) => PolicyDocument.Parse($"{{\"Version\":\"2012-10-17\",\"Statement\":[{statements}]}}");

    private static readonly PolicyDocument s_allowAllDenyOwnSecret = Policy(
        "{\"Effect\":\"Allow\",\"Action\":\"iot:*\",\"Resource\":\"*\"}," +
        $"{{\"Effect\":\"Deny\",\"Action\":\"iot:Publish\",\"Resource\":\"{Topic}${{iot:ClientId}}/secret\"}}");

    [Fact]
    public void Deny_WithIotClientId_MatchesTheRequestsClientId()
    {
        var context = RequestContext.ForIot("device-1");
        Assert.Equal(PolicyDecision.ExplicitDeny, PolicyEvaluator.Evaluate([s_allowAllDenyOwnSecret], "iot:Publish", Topic + "device-1/secret", context));
        Assert.Equal(PolicyDecision.Allow, PolicyEvaluator.Evaluate([s_allowAllDenyOwnSecret], "iot:Publish", Topic + "device-2/secret", context));
    }

    [Fact]
    public void Deny_WithAVariableTheRequestDoesNotCarry_StillDenies()
    {
        // The data plane has no MQTT client id: the Deny cannot be resolved, so it applies (fail closed), never fails open.
        Assert.Equal(PolicyDecision.ExplicitDeny, PolicyEvaluator.Evaluate([s_allowAllDenyOwnSecret], "iot:Publish", Topic + "device-1/secret", RequestContext.Empty));
        Assert.Equal(PolicyDecision.ExplicitDeny, PolicyEvaluator.Evaluate([s_allowAllDenyOwnSecret], "iot:Publish", Topic + "anything/secret", RequestContext.Empty));
    }

    [Fact]
    public void Deny_WithAwsUsername_MatchesTheUser()
    {
        PolicyDocument policy = Policy(
            "{\"Effect\":\"Allow\",\"Action\":\"iot:*\",\"Resource\":\"*\"}," +
            $"{{\"Effect\":\"Deny\",\"Action\":\"iot:Publish\",\"Resource\":\"{Topic}home/${{aws:username}}/*\"}}");
        var rights = new Rights([policy]);
        var caller = new IssuedCredentials("K", "S", null, "arn:aws:iam::000000000000:user/alice", null, rights, null);
        Assert.False(rights.IsAllowed("iot:Publish", Topic + "home/alice/x", RequestContext.For(caller)));
        Assert.True(rights.IsAllowed("iot:Publish", Topic + "home/bob/x", RequestContext.For(caller)));
    }

    [Fact]
    public void Allow_WithAVariable_GrantsOnlyTheResolvedResource()
    {
        var rights = new Rights([Policy("{\"Effect\":\"Allow\",\"Action\":\"iot:Connect\",\"Resource\":\"arn:aws:iot:us-east-1:000000000000:client/${iot:ClientId}\"}")]);
        Assert.True(rights.IsAllowed("iot:Connect", "arn:aws:iot:us-east-1:000000000000:client/d1", RequestContext.ForIot("d1")));
        Assert.False(rights.IsAllowed("iot:Connect", "arn:aws:iot:us-east-1:000000000000:client/d2", RequestContext.ForIot("d1")));
        // Unresolved in an Allow: grants nothing.
        Assert.False(rights.IsAllowed("iot:Connect", "arn:aws:iot:us-east-1:000000000000:client/${iot:ClientId}", RequestContext.Empty));
    }

    [Fact]
    public void SubstitutedValues_AreLiteral_NotWildcards()
    {
        var rights = new Rights([Policy($"{{\"Effect\":\"Allow\",\"Action\":\"iot:Publish\",\"Resource\":\"{Topic}${{iot:ClientId}}\"}}")]);
        // A client id "*" must not become a wildcard that grants every topic.
        Assert.True(rights.IsAllowed("iot:Publish", Topic + "*", RequestContext.ForIot("*")));
        Assert.False(rights.IsAllowed("iot:Publish", Topic + "other", RequestContext.ForIot("*")));
    }

    [Theory]
    [InlineData("topic/${*}", "topic/*", true)]
    [InlineData("topic/${*}", "topic/x", false)]
    [InlineData("topic/${?}", "topic/?", true)]
    [InlineData("topic/${$}x", "topic/$x", true)]
    public void EscapeSequences_AreLiteralCharacters(string pattern, string value, bool expected)
    {
        var rights = new Rights([Policy($"{{\"Effect\":\"Allow\",\"Action\":\"iot:Publish\",\"Resource\":\"{pattern}\"}}")]);
        Assert.Equal(expected, rights.IsAllowed("iot:Publish", value, RequestContext.Empty));
    }
}
