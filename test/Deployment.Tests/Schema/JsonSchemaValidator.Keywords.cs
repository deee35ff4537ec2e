using System.Text.Json.Nodes;

namespace Deployment.Tests.Schema;

/// <summary>Which keywords the validator enforces, and the load-time check that the schema uses no others.</summary>
internal sealed partial class JsonSchemaValidator
{
    /// <summary>Keywords that carry no constraint (documentation, or SAM's own bookkeeping).</summary>
    public static readonly IReadOnlySet<string> AnnotationKeywords = new HashSet<string>(StringComparer.Ordinal)
    {
        "$schema", "$id", "id", "title", "description", "default", "examples", "definitions", "$comment",
        "markdownDescription", "markdownDescriptionOverride", "__samPassThrough", "schemaPath",
    };

    /// <summary>Keywords this validator enforces.</summary>
    public static readonly IReadOnlySet<string> SupportedKeywords = new HashSet<string>(StringComparer.Ordinal)
    {
        "type", "enum", "const", "properties", "required", "additionalProperties", "patternProperties", "items",
        "minItems", "maxItems", "minLength", "maxLength", "pattern", "minimum", "maximum", "allOf", "anyOf", "oneOf", "not", "$ref",
    };

    /// <summary>Fails fast on a keyword we would otherwise ignore, so "valid" always means "checked".</summary>
    private static void CheckKeywords(JsonNode? schema, string location)
    {
        if (schema is not JsonObject obj)
        {
            return;
        }

        foreach ((string keyword, JsonNode? value) in obj)
        {
            string at = $"{location}/{keyword}";
            if (AnnotationKeywords.Contains(keyword))
            {
                if (keyword == "definitions")
                {
                    foreach ((string name, JsonNode? definition) in value!.AsObject())
                    {
                        CheckKeywords(definition, $"{at}/{name}");
                    }
                }

                continue;
            }

            if (!SupportedKeywords.Contains(keyword))
            {
                throw new NotSupportedException($"Schema keyword '{keyword}' at {at} is not supported by this validator.");
            }

            switch (keyword)
            {
                case "properties" or "patternProperties":
                    foreach ((string name, JsonNode? child) in value!.AsObject())
                    {
                        CheckKeywords(child, $"{at}/{name}");
                    }

                    break;
                case "items" or "allOf" or "anyOf" or "oneOf" when value is JsonArray list:
                    for (int i = 0; i < list.Count; i++)
                    {
                        CheckKeywords(list[i], $"{at}/{i}");
                    }

                    break;
                case "items" or "additionalProperties" or "not":
                    CheckKeywords(value, at);
                    break;
            }
        }
    }
}
