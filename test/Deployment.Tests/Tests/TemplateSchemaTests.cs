using System.Text.Json.Nodes;
using Deployment.Tests.Template;

namespace Deployment.Tests.Tests;

/// <summary>serverless.template against the SAM schema, and proof that the check rejects broken templates.</summary>
public sealed class TemplateSchemaTests
{
    [Fact]
    public void Template_ValidatesAgainstSamSchema()
    {
        var errors = Fixtures.Sam.Validate(Fixtures.TemplateNode);

        Assert.True(errors.Count == 0, "serverless.template violates the SAM schema:\n" + string.Join('\n', errors));
    }

    [Fact]
    public void Template_IsSamJsonWithTheServerlessTransform()
    {
        var root = Fixtures.TemplateNode;

        Assert.Equal("AWS::Serverless-2016-10-31", (string?)root["Transform"]);
        Assert.Equal("2010-09-09", (string?)root["AWSTemplateFormatVersion"]);
    }

    public static TheoryData<string, Action<JsonObject>, string> BrokenTemplates => new()
    {
        { "unknown function property", t => Function(t, "SessionFunction")["Handlr"] = "SessionFunction", "'Handlr' is not allowed" },
        { "wrong type", t => Function(t, "ResponderFunction")["EventInvokeConfig"]!["MaximumRetryAttempts"] = "zero", "expected type" },
        { "missing required", t => Function(t, "ResponderFunction")["Events"]!["SessionTrigger"]!.AsObject().Remove("Properties"), "missing required property 'Properties'" },
        { "unknown event type", t => Function(t, "SessionFunction")["Events"]!["GetSession"]!["Type"] = "HttpApy", "none of" },
        { "misspelt SAM type", t => t["Resources"]!["SessionFunction"]!["Type"] = "AWS::Serverless::Functions", "none of" },
        { "unknown Globals section", t => t["Globals"]!["Functions"] = new JsonObject(), "'Functions' is not allowed" },
        { "no Resources", t => t.Remove("Resources"), "missing required property 'Resources'" },
    };

    [Theory]
    [MemberData(nameof(BrokenTemplates))]
    public void BrokenTemplate_IsRejected(string breakage, Action<JsonObject> breakIt, string expected)
    {
        var template = Fixtures.TemplateNode.AsObject();
        breakIt(template);

        var errors = Fixtures.Sam.Validate(template);

        Assert.True(errors.Any(e => e.Message.Contains(expected, StringComparison.Ordinal)),
            $"{breakage}: expected an error containing \"{expected}\", got:\n{string.Join('\n', errors)}");
    }

    [Fact]
    public void SamSchema_UsesOnlyKeywordsTheValidatorEnforcesOrIgnoresOnPurpose()
    {
        // The constructor throws on any other keyword; loading the real schema proves none is silently skipped.
        Assert.NotNull(Fixtures.Sam);
    }

    private static JsonObject Function(JsonObject template, string name) => template["Resources"]![name]!["Properties"]!.AsObject();
}
