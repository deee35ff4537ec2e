using System.Text.Json.Nodes;
using Deployment.Tests.Template;

namespace Deployment.Tests.Tests;

/// <summary>serverless.template against the SAM schema (NJsonSchema), and proof that the check rejects broken templates.</summary>
public sealed class TemplateSchemaTests
{
    [Fact]
    public async Task Template_ValidatesAgainstSamSchema()
    {
        var errors = await Fixtures.SamViolationsAsync(Fixtures.TemplateNode);

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
        { "unknown function property", t => Function(t, "SessionFunction")["Handlr"] = "SessionFunction", "NoAdditionalPropertiesAllowed Handlr" },
        { "wrong type", t => Function(t, "ResponderFunction")["EventInvokeConfig"]!["MaximumRetryAttempts"] = "zero", "IntegerExpected MaximumRetryAttempts" },
        { "missing required", t => Function(t, "ResponderFunction")["Events"]!["SessionTrigger"]!.AsObject().Remove("Properties"), "PropertyRequired Properties" },
        { "unknown event type", t => Function(t, "SessionFunction")["Events"]!["GetSession"]!["Type"] = "HttpApy", "NotInEnumeration Type" },
        { "misspelt SAM type", t => t["Resources"]!["SessionFunction"]!["Type"] = "AWS::Serverless::Functions", "NotAnyOf" },
        { "unknown Globals section", t => t["Globals"]!["Functions"] = new JsonObject(), "NoAdditionalPropertiesAllowed Functions" },
        { "no Resources", t => t.Remove("Resources"), "PropertyRequired Resources" },
    };

    [Theory]
    [MemberData(nameof(BrokenTemplates))]
    public async Task BrokenTemplate_IsRejected(string breakage, Action<JsonObject> breakIt, string expected)
    {
        var template = Fixtures.TemplateNode.AsObject();
        breakIt(template);

        var errors = await Fixtures.SamViolationsAsync(template);

        Assert.True(errors.Any(e => e.StartsWith(expected, StringComparison.Ordinal)),
            $"{breakage}: expected an error starting \"{expected}\", got:\n{string.Join('\n', errors)}");
    }

    private static JsonObject Function(JsonObject template, string name) => template["Resources"]![name]!["Properties"]!.AsObject();
}
