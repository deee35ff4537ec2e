using System.Text.Json.Nodes;
using Realtime.LocalCloud.Iot;
using Realtime.LocalCloud.Sam;
using Realtime.LocalCloud.Tests.Support;
using Realtime.TestSupport;

namespace Realtime.LocalCloud.Tests.Unit;

/// <summary>Reading serverless.template: the repository's own, and small templates for each intrinsic.</summary>
public sealed class TemplateLoaderTests
{
    private static readonly Dictionary<string, string> s_none = [];

    private static LocalTemplate Load(string json, Dictionary<string, string>? parameters = null) =>
        TemplateLoader.Parse((JsonObject)JsonNode.Parse(json)!, parameters ?? s_none);

    [Fact]
    public void RepositoryTemplate_GivesBothFunctionsRoutesRulesAndRoles()
    {
        LocalTemplate template = TemplateLoader.Load(Path.Combine(RepositoryRoot.Path, "serverless.template"), s_none);

        FunctionDefinition session = template.Function("SessionFunction");
        Assert.Equal("SessionFunction", session.Handler);
        Assert.Equal("./src/SessionFunction", session.CodeUri);
        Assert.Equal("arn:aws:iam::000000000000:role/ClientRole", session.Environment["CLIENT_ROLE_ARN"]);
        Assert.Equal("foobar", session.Environment["TOPIC_PREFIX"]); // from Globals
        Assert.Equal("SessionFunctionRole", session.RoleName);

        FunctionDefinition responder = template.Function("ResponderFunction");
        Assert.Equal(0, responder.MaximumRetryAttempts);
        Assert.True(responder.TimeoutSeconds > 30);

        Assert.Equal(
            [("GET", "/", "SessionFunction", (string?)null, "SessionApi"), ("POST", "/renew", "SessionFunction", "AWS_IAM", "SessionApi")],
            template.Routes.Select(r => (r.Method, r.Path, r.FunctionName, r.Authorizer, r.ApiId)));
        IotRuleDefinition rule = Assert.Single(template.IotRules);
        Assert.Equal("SELECT channelId, clientid() AS clientId FROM 'foobar/session'", rule.Sql);
        Assert.Equal("foobar/session", RuleSql.Parse(rule.Sql).TopicFilter);
        Assert.NotNull(template.Cors);
        Assert.Contains("ClientRole", template.Roles.Keys);
    }

    [Fact]
    public void RepositoryTemplate_RoleRightsAreLeastPrivilege()
    {
        LocalTemplate template = TemplateLoader.Load(Path.Combine(RepositoryRoot.Path, "serverless.template"), s_none);
        var responder = Identity(template, "ResponderFunctionRole");
        Assert.True(IotActions.CanConnect(responder, "responder-abc-12345678"));
        Assert.False(IotActions.CanConnect(responder, "client-abc"));
        Assert.True(IotActions.CanPublish(responder, "responder-abc-12345678", "foobar/abc/response"));
        Assert.False(IotActions.CanPublish(responder, "responder-abc-12345678", "foobar/session"));

        var client = Identity(template, "ClientRole");
        Assert.True(IotActions.CanPublish(client, "client-abc", "foobar/session"));
        Assert.False(IotActions.CanRetainPublish(client, "client-abc", "foobar/session")); // retained messages and wills are not granted
        Assert.False(IotActions.CanSubscribe(client, "client-abc", "foobar/lobby")); // no shared topic by default
        Assert.False(IotActions.CanSubscribe(client, "client-abc", "foobar/#"));

        // The session function may assume the client role (attached by an AWS::IAM::Policy resource).
        var sessionRole = new Realtime.LocalCloud.Iam.Rights(template.Roles["SessionFunctionRole"].Policies);
        Assert.True(sessionRole.IsAllowed("sts:AssumeRole", template.Roles["ClientRole"].Arn));
    }

    private static Realtime.LocalCloud.Iam.IssuedCredentials Identity(LocalTemplate template, string role) =>
        new("K", "S", "T", Realtime.LocalCloud.Sam.LocalAccount.AssumedRoleArn(role, "test"), role, new Realtime.LocalCloud.Iam.Rights(template.Roles[role].Policies), null);

    [Fact]
    public void ParameterOverride_ReplacesTheDefault_AndConditionsFollow()
    {
        LocalTemplate template = TemplateLoader.Load(Path.Combine(RepositoryRoot.Path, "serverless.template"),
            new Dictionary<string, string> { ["SharedTopic"] = "", ["SessionIdleSeconds"] = "7" });
        Assert.False(template.Function("SessionFunction").Environment.ContainsKey("SHARED_TOPIC")); // Fn::If -> AWS::NoValue
        Assert.Equal("7", template.Function("ResponderFunction").Environment["SESSION_IDLE_SECONDS"]);
    }

    [Fact]
    public void UnknownParameterOverride_IsRefused() =>
        Assert.Throws<TemplateException>(() => TemplateLoader.Load(Path.Combine(RepositoryRoot.Path, "serverless.template"),
            new Dictionary<string, string> { ["NoSuchParameter"] = "x" }));

    [Fact]
    public void Intrinsics_AreResolvedForTheLocalAccount()
    {
        LocalTemplate template = Load("""
            {
              "Parameters": { "Prefix": { "Type": "String", "Default": "pre" }, "List": { "Type": "CommaDelimitedList", "Default": "a,b,c" } },
              "Conditions": { "IsPre": { "Fn::Equals": [{ "Ref": "Prefix" }, "pre"] } },
              "Globals": { "Function": { "Timeout": 7, "Environment": { "Variables": { "G": "global", "OVERRIDDEN": "global" } } } },
              "Resources": {
                "Fn": {
                  "Type": "AWS::Serverless::Function",
                  "Properties": {
                    "CodeUri": "src/Fn/", "Handler": "Fn",
                    "Environment": { "Variables": {
                      "OVERRIDDEN": "local",
                      "SUB": { "Fn::Sub": "arn:${AWS::Partition}:iot:${AWS::Region}:${AWS::AccountId}:topic/${Prefix}/${!Literal}" },
                      "SUB_VARS": { "Fn::Sub": ["${X}-${Prefix}", { "X": { "Ref": "AWS::StackName" } }] },
                      "JOIN": { "Fn::Join": ["-", { "Ref": "List" }] },
                      "SELECT": { "Fn::Select": [1, { "Fn::Split": [",", "x,y,z"] }] },
                      "IF": { "Fn::If": ["IsPre", "yes", "no"] },
                      "NOT": { "Fn::If": ["IsPre", { "Ref": "AWS::NoValue" }, "shown"] },
                      "ARN": { "Fn::GetAtt": ["Fn", "Arn"] },
                      "ROLE": { "Fn::GetAtt": "FnRole.Arn" },
                      "NAME": { "Ref": "Fn" }
                    } },
                    "Policies": [{ "Statement": [{ "Effect": "Allow", "Action": "iot:Publish", "Resource": "*" }] }, "AWSLambdaBasicExecutionRole"]
                  }
                }
              }
            }
            """);
        FunctionDefinition fn = Assert.Single(template.Functions);
        Assert.Equal(7, fn.TimeoutSeconds);
        Assert.Equal(128, fn.MemorySizeMb);
        IReadOnlyDictionary<string, string> env = fn.Environment;
        Assert.Equal("global", env["G"]);
        Assert.Equal("local", env["OVERRIDDEN"]);
        Assert.Equal("arn:aws:iot:us-east-1:000000000000:topic/pre/${Literal}", env["SUB"]);
        Assert.Equal("local-pre", env["SUB_VARS"]);
        Assert.Equal("a-b-c", env["JOIN"]);
        Assert.Equal("y", env["SELECT"]);
        Assert.Equal("yes", env["IF"]);
        Assert.False(env.ContainsKey("NOT"));
        Assert.Equal("arn:aws:lambda:us-east-1:000000000000:function:Fn", env["ARN"]);
        Assert.Equal("arn:aws:iam::000000000000:role/FnRole", env["ROLE"]);
        Assert.Equal("Fn", env["NAME"]);
        Assert.Equal("FnRole", fn.RoleName);
        Assert.Single(template.Roles["FnRole"].Policies);
        Assert.Empty(template.Warnings); // the basic execution role grants nothing the local cloud checks
    }

    [Theory]
    [InlineData("{ \"Fn::ImportValue\": \"x\" }", "Fn::ImportValue")]
    [InlineData("{ \"Ref\": \"Nope\" }", "Nope")]
    [InlineData("{ \"Fn::Sub\": \"${Nope}\" }", "Nope")]
    public void UnsupportedOrUnknown_AreRefusedWithTheName(string value, string expected)
    {
        var error = Assert.Throws<TemplateException>(() => Load($$"""
            { "Resources": { "Fn": { "Type": "AWS::Serverless::Function",
              "Properties": { "CodeUri": "x", "Handler": "x", "Environment": { "Variables": { "V": {{value}} } } } } } }
            """));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownManagedPolicy_AndOtherEvents_AreReportedAsWarnings()
    {
        LocalTemplate template = Load("""
            { "Resources": { "Fn": { "Type": "AWS::Serverless::Function",
              "Properties": { "CodeUri": "x", "Handler": "x", "Policies": ["AmazonS3FullAccess"],
                "Events": { "Timer": { "Type": "Schedule", "Properties": { "Schedule": "rate(1 minute)" } } } } } } }
            """);
        Assert.Equal(2, template.Warnings.Count);
    }
}
