using System.Text.Json.Nodes;
using Deployment.Tests.Schema;

namespace Deployment.Tests.Tests;

/// <summary>The hand-written validator itself: each keyword accepts what it should and rejects what it should.</summary>
public sealed class SchemaValidatorTests
{
    private static IReadOnlyList<SchemaError> Validate(string schema, string instance)
        => new JsonSchemaValidator(JsonNode.Parse(schema)!).Validate(JsonNode.Parse(instance));

    [Theory]
    [InlineData("""{"type":"string"}""", "\"x\"")]
    [InlineData("""{"type":"integer"}""", "3")]
    [InlineData("""{"type":["string","object"]}""", "{}")]
    [InlineData("""{"enum":["a","b"]}""", "\"b\"")]
    [InlineData("""{"pattern":"^(?!AWS::Serverless::).+$"}""", "\"AWS::IAM::Role\"")]
    [InlineData("""{"required":["A"],"properties":{"A":{"type":"number"}},"additionalProperties":false}""", """{"A":1.5}""")]
    [InlineData("""{"additionalProperties":{"type":"integer"}}""", """{"x":1,"y":2}""")]
    [InlineData("""{"items":{"type":"string"},"minItems":1}""", """["a"]""")]
    [InlineData("""{"anyOf":[{"type":"string"},{"type":"object"}]}""", "{}")]
    [InlineData("""{"oneOf":[{"type":"string"},{"type":"object"}]}""", "\"x\"")]
    [InlineData("""{"definitions":{"D":{"type":"boolean"}},"properties":{"a":{"$ref":"#/definitions/D"}}}""", """{"a":true}""")]
    [InlineData("""{"not":{"type":"string"}}""", "1")]
    public void Validate_ConformingInstance_HasNoErrors(string schema, string instance)
        => Assert.Empty(Validate(schema, instance));

    [Theory]
    [InlineData("""{"type":"string"}""", "1", "expected type")]
    [InlineData("""{"type":"integer"}""", "1.5", "expected type")]
    [InlineData("""{"enum":["a","b"]}""", "\"c\"", "is not one of")]
    [InlineData("""{"pattern":"^(?!AWS::Serverless::).+$"}""", "\"AWS::Serverless::Function\"", "does not match")]
    [InlineData("""{"required":["A"]}""", "{}", "missing required property 'A'")]
    [InlineData("""{"properties":{"A":{}},"additionalProperties":false}""", """{"B":1}""", "'B' is not allowed")]
    [InlineData("""{"additionalProperties":{"type":"integer"}}""", """{"x":"1"}""", "expected type")]
    [InlineData("""{"items":{"type":"string"}}""", """["a",2]""", "expected type")]
    [InlineData("""{"minItems":2}""", """["a"]""", "fewer than 2")]
    [InlineData("""{"anyOf":[{"type":"string"},{"type":"object"}]}""", "1", "none of the 2 anyOf")]
    [InlineData("""{"oneOf":[{"type":"number"},{"type":"integer"}]}""", "1", "exactly one")]
    [InlineData("""{"definitions":{"D":{"type":"boolean"}},"properties":{"a":{"$ref":"#/definitions/D"}}}""", """{"a":"no"}""", "expected type")]
    [InlineData("""{"not":{"type":"string"}}""", "\"x\"", "must not match")]
    [InlineData("""{"maximum":10}""", "11", "greater than 10")]
    public void Validate_ViolatingInstance_ReportsTheViolation(string schema, string instance, string expected)
    {
        var errors = Validate(schema, instance);

        Assert.Contains(errors, e => e.Message.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_NestedViolation_ReportsItsPath()
    {
        var errors = Validate(
            """{"properties":{"Resources":{"additionalProperties":{"properties":{"Type":{"type":"string"}}}}}}""",
            """{"Resources":{"Fn":{"Type":3}}}""");

        Assert.Equal("$.Resources.Fn.Type", Assert.Single(errors).Path);
    }

    [Fact]
    public void Validate_AnyOfFailure_ReportsTheClosestAlternative()
    {
        const string schema = """
            {"anyOf":[
              {"properties":{"Type":{"enum":["A"]}},"required":["Type"]},
              {"properties":{"Type":{"enum":["B"]},"Properties":{"properties":{"X":{}},"additionalProperties":false}},"required":["Type"]}
            ]}
            """;

        var errors = Validate(schema, """{"Type":"B","Properties":{"Y":1}}""");

        Assert.Contains(errors, e => e.Path == "$.Properties.Y");
    }

    [Fact]
    public void Constructor_UnsupportedKeyword_Throws()
    {
        var error = Assert.Throws<NotSupportedException>(
            () => new JsonSchemaValidator(JsonNode.Parse("""{"properties":{"a":{"multipleOf":2}}}""")!));

        Assert.Contains("multipleOf", error.Message, StringComparison.Ordinal);
    }
}
