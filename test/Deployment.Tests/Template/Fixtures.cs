using System.Text.Json.Nodes;
using NJsonSchema;
using NJsonSchema.Validation;

namespace Deployment.Tests.Template;

/// <summary>Parsed once per test run: the template and the SAM schema (748 KB, draft-04).</summary>
internal static class Fixtures
{
    private static readonly Lazy<Task<JsonSchema>> SamSchema = new(
        () => JsonSchema.FromJsonAsync(File.ReadAllText(RepoPaths.SamSchemaFile)));

    public static string TemplateText { get; } = File.ReadAllText(RepoPaths.TemplateFile);

    public static SamTemplate Template => SamTemplate.Parse(TemplateText);

    public static JsonNode TemplateNode => JsonNode.Parse(TemplateText)!;

    /// <summary>
    /// Every violation of the SAM schema in <paramref name="template"/>, including those inside failed anyOf/oneOf branches,
    /// as "Kind property path" lines (NJsonSchema nests branch errors under one NotAnyOf/NotOneOf error).
    /// </summary>
    public static async Task<IReadOnlyList<string>> SamViolationsAsync(JsonNode template)
    {
        JsonSchema schema = await SamSchema.Value;
        return [.. Flatten(schema.Validate(template.ToJsonString()))];
    }

    private static IEnumerable<string> Flatten(IEnumerable<ValidationError> errors)
    {
        foreach (ValidationError error in errors)
        {
            yield return $"{error.Kind} {error.Property} at {error.Path}";
            if (error is ChildSchemaValidationError child)
            {
                foreach (string nested in Flatten(child.Errors.Values.SelectMany(e => e)))
                {
                    yield return nested;
                }
            }
        }
    }
}
