using System.Text.Json.Nodes;
using Deployment.Tests.Template;
using Realtime.Channels;
using Realtime.LocalCloud.Sam;

namespace Deployment.Tests.Tests;

/// <summary>Least privilege: IoT rights only on explicit ARNs under the topic prefix, and only the session role reaches the client role.</summary>
public sealed class IamTests
{
    private const string Arn = $"arn:aws:iot:{LocalAccount.Region}:{LocalAccount.AccountId}:";

    public static TheoryData<string> SharedTopicSettings => ["lobby", ""];

    private static List<IamStatement> Statements(string sharedTopic = "lobby", string prefix = "foobar")
    {
        var template = Fixtures.Template;
        var evaluator = template.Evaluator(new Dictionary<string, string> { ["SharedTopic"] = sharedTopic, ["TopicPrefix"] = prefix });
        return IamStatement.All(template, evaluator);
    }

    [Theory]
    [MemberData(nameof(SharedTopicSettings))]
    public void IotActions_AreNamedExplicitlyOnExplicitArns(string sharedTopic)
    {
        foreach (var statement in Statements(sharedTopic))
        {
            Assert.All(statement.Actions, action => Assert.DoesNotContain("*", action));
            if (statement.Actions.Any(a => a.StartsWith("iot:", StringComparison.OrdinalIgnoreCase)))
            {
                Assert.All(statement.Resources, resource => Assert.StartsWith(Arn, resource));
                Assert.DoesNotContain("*", statement.Resources);
            }
        }
    }

    [Fact]
    public void NoStatement_AllowsEverything()
    {
        foreach (var statement in Statements())
        {
            Assert.Equal("Allow", statement.Effect);
            Assert.DoesNotContain("*", statement.Resources);
            Assert.DoesNotContain(statement.Actions, a => a == "*" || a.EndsWith(":*", StringComparison.Ordinal));
        }
    }

    [Theory]
    [MemberData(nameof(SharedTopicSettings))]
    public void ClientRole_IotRights_AreLimitedToThePrefix(string sharedTopic)
    {
        string? shared = sharedTopic.Length == 0 ? null : $"foobar/{sharedTopic}";
        var rights = IotRights(Statements(sharedTopic), "ref(ClientRole)");

        Assert.Equal(Sorted($"client/{ClientIds.ClientPrefix}*"), rights["iot:Connect"]);
        Assert.Equal(Sorted("topic/foobar/session", "topic/foobar/*/request", Topic("topic/", shared)), rights["iot:Publish"]);
        Assert.Equal(Sorted("topicfilter/foobar/*/response", Topic("topicfilter/", shared)), rights["iot:Subscribe"]);
        Assert.Equal(Sorted("topic/foobar/*/response", Topic("topic/", shared)), rights["iot:Receive"]);
        Assert.Equal(4, rights.Count);
    }

    [Fact]
    public void ResponderRole_IotRights_AreLimitedToRequestsInAndResponsesOut()
    {
        var rights = IotRights(Statements(prefix: "demo"), ResponderRole());

        Assert.Equal(Sorted($"client/{ClientIds.ResponderPrefix}*"), rights["iot:Connect"]);
        Assert.Equal(Sorted("topicfilter/demo/*/request"), rights["iot:Subscribe"]);
        Assert.Equal(Sorted("topic/demo/*/request"), rights["iot:Receive"]);
        Assert.Equal(Sorted("topic/demo/*/response"), rights["iot:Publish"]);
        Assert.Equal(4, rights.Count);
    }

    [Fact]
    public void SessionRole_HasNoIotRights_OnlyAssumesTheClientRole()
    {
        var statements = Statements().Where(s => s.Role == SessionRole()).ToList();

        Assert.DoesNotContain(statements, s => s.Actions.Any(a => a.StartsWith("iot:", StringComparison.Ordinal)));
        var assume = Assert.Single(statements, s => s.Actions.Contains("sts:AssumeRole"));
        Assert.Equal(["getatt(ClientRole.Arn)"], assume.Resources);
    }

    [Fact]
    public void OnlyTheSessionRole_MayAssumeTheClientRole()
    {
        var template = Fixtures.Template;
        var trust = (JsonObject)template.Evaluator().Resolve(template.Resource("ClientRole")["Properties"]!["AssumeRolePolicyDocument"])!;

        var statement = Assert.Single(trust["Statement"]!.AsArray())!;
        Assert.Equal("Allow", (string?)statement["Effect"]);
        Assert.Equal(["sts:AssumeRole"], IamStatement.Strings(statement["Action"]));
        var principal = statement["Principal"]!.AsObject();
        Assert.Equal("AWS", Assert.Single(principal).Key);
        Assert.Equal(["getatt(SessionFunctionRole.Arn)"], IamStatement.Strings(principal["AWS"]));
        Assert.Null(statement["Condition"]);

        // And no identity policy hands sts:AssumeRole on the client role to anyone else.
        var grants = Statements().Where(s => s.Actions.Any(a => a.StartsWith("sts:", StringComparison.Ordinal))).ToList();
        Assert.All(grants, g => Assert.Equal(SessionRole(), g.Role));
    }

    [Fact]
    public void SessionFunction_IsCreatedOnlyAfterItMayAssumeTheClientRole()
    {
        // The sts:AssumeRole grant is a separate AWS::IAM::Policy (the client role's trust names the session role, so an
        // inline grant on the session role would be a circular dependency); without DependsOn the first requests could fail.
        var template = Fixtures.Template;
        var policy = template.Resource("SessionAssumeClientRolePolicy");

        Assert.Equal("AWS::IAM::Policy", (string?)policy["Type"]);
        Assert.Contains("SessionAssumeClientRolePolicy", IamStatement.Strings(template.Resource("SessionFunction")["DependsOn"]) ?? []);
    }

    [Fact]
    public void ClientRole_SessionsLastAtMostAnHour()
        => Assert.Equal(3600, (int?)Fixtures.Template.Resource("ClientRole")["Properties"]!["MaxSessionDuration"]);

    [Fact]
    public void Functions_UseTheirOwnExplicitRoles_WithoutSamPolicies()
    {
        var template = Fixtures.Template;
        var evaluator = template.Evaluator();

        Assert.Equal("getatt(SessionFunctionRole.Arn)", evaluator.ResolveString(template.FunctionProperties("SessionFunction")["Role"], "Role"));
        Assert.Equal("getatt(ResponderFunctionRole.Arn)", evaluator.ResolveString(template.FunctionProperties("ResponderFunction")["Role"], "Role"));
        foreach (string function in template.ResourcesOfType(SamTemplate.FunctionType))
        {
            Assert.Null(template.FunctionProperties(function)["Policies"]);
        }
    }

    [Fact]
    public void FunctionRoles_TrustOnlyLambda()
    {
        var template = Fixtures.Template;
        foreach (string role in new[] { "SessionFunctionRole", "ResponderFunctionRole" })
        {
            var statement = Assert.Single(template.Resource(role)["Properties"]!["AssumeRolePolicyDocument"]!["Statement"]!.AsArray())!;
            Assert.Equal("lambda.amazonaws.com", (string?)statement["Principal"]!["Service"]);
        }
    }

    [Fact]
    public void LogRights_AreLimitedToEachFunctionsOwnLogGroup()
    {
        var logs = Statements().Where(s => s.Actions.Any(a => a.StartsWith("logs:", StringComparison.Ordinal))).ToList();

        Assert.Equal(2, logs.Count);
        Assert.All(logs, s => Assert.Equal(["logs:CreateLogStream", "logs:PutLogEvents"], s.Actions.Order()));
        Assert.Equal(
            [$"arn:aws:logs:{LocalAccount.Region}:{LocalAccount.AccountId}:log-group:ref(SessionLogGroup):*"],
            logs.Single(s => s.Role == SessionRole()).Resources);
        Assert.Equal(
            [$"arn:aws:logs:{LocalAccount.Region}:{LocalAccount.AccountId}:log-group:ref(ResponderLogGroup):*"],
            logs.Single(s => s.Role == ResponderRole()).Resources);
    }

    private static string SessionRole() => "ref(SessionFunctionRole)";

    private static string ResponderRole() => "ref(ResponderFunctionRole)";

    private static string? Topic(string kind, string? topic) => topic is null ? null : kind + topic;

    private static List<string> Sorted(params string?[] resources)
        => [.. resources.Where(r => r is not null).Select(r => Arn + r).Order(StringComparer.Ordinal)];

    private static Dictionary<string, List<string>> IotRights(List<IamStatement> statements, string role)
        => statements
            .Where(s => s.Role == role)
            .SelectMany(s => s.Actions.Where(a => a.StartsWith("iot:", StringComparison.Ordinal)).SelectMany(a => s.Resources.Select(r => (a, r))))
            .GroupBy(x => x.a)
            .ToDictionary(g => g.Key, g => g.Select(x => x.r).Distinct().Order(StringComparer.Ordinal).ToList());
}
