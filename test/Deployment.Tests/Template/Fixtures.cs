using System.Text.Json.Nodes;
using Deployment.Tests.Schema;

namespace Deployment.Tests.Template;

/// <summary>Parsed once per test run: the template and the SAM schema validator (748 KB of schema).</summary>
internal static class Fixtures
{
    private static readonly Lazy<JsonSchemaValidator> SamValidator = new(
        () => new JsonSchemaValidator(JsonNode.Parse(File.ReadAllText(RepoPaths.SamSchemaFile))!));

    public static JsonSchemaValidator Sam => SamValidator.Value;

    public static string TemplateText { get; } = File.ReadAllText(RepoPaths.TemplateFile);

    public static SamTemplate Template => SamTemplate.Parse(TemplateText);

    public static JsonNode TemplateNode => JsonNode.Parse(TemplateText)!;
}
