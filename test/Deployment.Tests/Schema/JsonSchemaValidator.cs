using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Deployment.Tests.Schema;

/// <summary>
/// A JSON Schema validator for the draft-04/draft-07 subset the SAM schema uses (JsonSchema.Net is not restorable here).
/// Supported: type, enum, const, properties, required, additionalProperties, patternProperties, items (one schema or a
/// tuple), minItems/maxItems, minLength/maxLength, pattern, minimum/maximum, allOf/anyOf/oneOf/not, and <c>$ref</c> to
/// <c>#/...</c> JSON pointers in the same document. Any other keyword makes the constructor throw (see
/// <see cref="AnnotationKeywords"/>), so a schema can never pass because a constraint was silently ignored.
/// </summary>
internal sealed partial class JsonSchemaValidator
{
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromSeconds(1);
    private readonly JsonNode _root;
    private readonly Dictionary<string, Regex> _regexes = new(StringComparer.Ordinal);

    public JsonSchemaValidator(JsonNode root)
    {
        _root = root;
        CheckKeywords(root, "#");
    }

    /// <summary>Validates <paramref name="instance"/>; an empty list means valid.</summary>
    public IReadOnlyList<SchemaError> Validate(JsonNode? instance)
    {
        var errors = new List<SchemaError>();
        Validate(_root, instance, "$", errors, depth: 0);
        return errors;
    }

    private void Validate(JsonNode schema, JsonNode? instance, string path, List<SchemaError> errors, int depth)
    {
        if (depth > 200)
        {
            throw new InvalidOperationException($"$ref recursion deeper than 200 levels at {path}.");
        }

        if (schema is JsonValue boolean && boolean.TryGetValue(out bool allowed))
        {
            if (!allowed)
            {
                errors.Add(new SchemaError(path, "no value is allowed here"));
            }

            return;
        }

        var s = schema.AsObject();
        if (s["$ref"] is JsonNode reference)
        {
            // Draft-04/07: a $ref object's sibling keywords are ignored.
            Validate(Resolve(reference.GetValue<string>()), instance, path, errors, depth + 1);
            return;
        }

        if (s["type"] is JsonNode type && !MatchesType(type, instance))
        {
            errors.Add(new SchemaError(path, $"expected type {type.ToJsonString()}, found {Describe(instance)}", IsMismatch: true));
            return;
        }

        if (s["enum"] is JsonArray options && !options.Any(o => JsonNode.DeepEquals(o, instance)))
        {
            errors.Add(new SchemaError(path, $"{Describe(instance)} is not one of {options.ToJsonString()}", IsMismatch: true));
        }

        if (s["const"] is JsonNode constant && !JsonNode.DeepEquals(constant, instance))
        {
            errors.Add(new SchemaError(path, $"{Describe(instance)} is not {constant.ToJsonString()}", IsMismatch: true));
        }

        switch (instance)
        {
            case JsonObject obj:
                ValidateObject(s, obj, path, errors, depth);
                break;
            case JsonArray array:
                ValidateArray(s, array, path, errors, depth);
                break;
            case JsonValue value:
                ValidateScalar(s, value, path, errors);
                break;
        }

        ValidateCombinators(s, instance, path, errors, depth);
    }

    private void ValidateObject(JsonObject s, JsonObject obj, string path, List<SchemaError> errors, int depth)
    {
        if (s["required"] is JsonArray required)
        {
            foreach (string name in required.Select(r => r!.GetValue<string>()).Where(name => !obj.ContainsKey(name)))
            {
                errors.Add(new SchemaError(path, $"missing required property '{name}'"));
            }
        }

        var properties = s["properties"] as JsonObject;
        var patterns = s["patternProperties"] as JsonObject;
        foreach ((string name, JsonNode? value) in obj)
        {
            string childPath = $"{path}.{name}";
            bool matched = false;
            if (properties?[name] is JsonNode propertySchema)
            {
                matched = true;
                Validate(propertySchema, value, childPath, errors, depth + 1);
            }

            foreach ((string pattern, JsonNode? patternSchema) in patterns ?? [])
            {
                if (Regex(pattern).IsMatch(name))
                {
                    matched = true;
                    Validate(patternSchema!, value, childPath, errors, depth + 1);
                }
            }

            if (!matched && s["additionalProperties"] is JsonNode additional)
            {
                if (additional is JsonValue flag && flag.TryGetValue(out bool allowed))
                {
                    if (!allowed)
                    {
                        errors.Add(new SchemaError(childPath, $"property '{name}' is not allowed here"));
                    }
                }
                else
                {
                    Validate(additional, value, childPath, errors, depth + 1);
                }
            }
        }
    }

    private void ValidateArray(JsonObject s, JsonArray array, string path, List<SchemaError> errors, int depth)
    {
        if (s["minItems"] is JsonNode minItems && array.Count < minItems.GetValue<int>())
        {
            errors.Add(new SchemaError(path, $"has {array.Count} items, fewer than {minItems}"));
        }

        if (s["maxItems"] is JsonNode maxItems && array.Count > maxItems.GetValue<int>())
        {
            errors.Add(new SchemaError(path, $"has {array.Count} items, more than {maxItems}"));
        }

        switch (s["items"])
        {
            case JsonArray tuple:
                for (int i = 0; i < Math.Min(tuple.Count, array.Count); i++)
                {
                    Validate(tuple[i]!, array[i], $"{path}[{i}]", errors, depth + 1);
                }

                break;
            case JsonNode itemSchema:
                for (int i = 0; i < array.Count; i++)
                {
                    Validate(itemSchema, array[i], $"{path}[{i}]", errors, depth + 1);
                }

                break;
        }
    }

    private void ValidateScalar(JsonObject s, JsonValue value, string path, List<SchemaError> errors)
    {
        if (value.GetValueKind() == JsonValueKind.String)
        {
            string text = value.GetValue<string>();
            if (s["minLength"] is JsonNode minLength && text.Length < minLength.GetValue<int>())
            {
                errors.Add(new SchemaError(path, $"'{text}' is shorter than {minLength}"));
            }

            if (s["maxLength"] is JsonNode maxLength && text.Length > maxLength.GetValue<int>())
            {
                errors.Add(new SchemaError(path, $"'{text}' is longer than {maxLength}"));
            }

            if (s["pattern"] is JsonNode pattern && !Regex(pattern.GetValue<string>()).IsMatch(text))
            {
                errors.Add(new SchemaError(path, $"'{text}' does not match /{pattern.GetValue<string>()}/", IsMismatch: true));
            }
        }
        else if (value.GetValueKind() == JsonValueKind.Number)
        {
            double number = value.GetValue<double>();
            if (s["minimum"] is JsonNode minimum && number < minimum.GetValue<double>())
            {
                errors.Add(new SchemaError(path, $"{number} is less than {minimum}"));
            }

            if (s["maximum"] is JsonNode maximum && number > maximum.GetValue<double>())
            {
                errors.Add(new SchemaError(path, $"{number} is greater than {maximum}"));
            }
        }
    }

    private void ValidateCombinators(JsonObject s, JsonNode? instance, string path, List<SchemaError> errors, int depth)
    {
        if (s["allOf"] is JsonArray allOf)
        {
            foreach (JsonNode? branch in allOf)
            {
                Validate(branch!, instance, path, errors, depth + 1);
            }
        }

        if (s["anyOf"] is JsonArray anyOf)
        {
            var failures = BranchErrors(anyOf, instance, path, depth);
            if (failures.All(f => f.Count > 0))
            {
                AddBestBranch(failures, path, "anyOf", errors);
            }
        }

        if (s["oneOf"] is JsonArray oneOf)
        {
            var failures = BranchErrors(oneOf, instance, path, depth);
            int passed = failures.Count(f => f.Count == 0);
            if (passed == 0)
            {
                AddBestBranch(failures, path, "oneOf", errors);
            }
            else if (passed > 1)
            {
                errors.Add(new SchemaError(path, $"matches {passed} oneOf alternatives, exactly one allowed"));
            }
        }

        if (s["not"] is JsonNode not)
        {
            var notErrors = new List<SchemaError>();
            Validate(not, instance, path, notErrors, depth + 1);
            if (notErrors.Count == 0)
            {
                errors.Add(new SchemaError(path, "matches a schema it must not match ('not')"));
            }
        }
    }

    private List<List<SchemaError>> BranchErrors(JsonArray branches, JsonNode? instance, string path, int depth)
        => branches.Select(branch =>
        {
            var branchErrors = new List<SchemaError>();
            Validate(branch!, instance, path, branchErrors, depth + 1);
            return branchErrors;
        }).ToList();

    /// <summary>
    /// Reports the alternative the instance was most likely meant to be: first one whose discriminators matched (no
    /// type/enum/const/pattern mismatch on the value itself or its direct properties, e.g. <c>Type: AWS::Serverless::Function</c>),
    /// then the one with the fewest errors, then the deepest. So a SAM function with an unknown property reports that
    /// property, not "Type is not AWS::Serverless::Api" from every other branch.
    /// </summary>
    private static void AddBestBranch(List<List<SchemaError>> failures, string path, string keyword, List<SchemaError> errors)
    {
        int depth = new SchemaError(path, "").Depth;
        var best = failures
            .OrderBy(f => f.Any(e => e.IsMismatch && e.Depth <= depth + 1) ? 1 : 0)
            .ThenBy(f => f.Count)
            .ThenByDescending(f => f.Max(e => e.Depth))
            .First();
        errors.Add(new SchemaError(path, $"matches none of the {failures.Count} {keyword} alternatives; closest:"));
        errors.AddRange(best);
    }

    private JsonNode Resolve(string reference)
    {
        if (!reference.StartsWith('#'))
        {
            throw new NotSupportedException($"Only same-document $ref is supported, not '{reference}'.");
        }

        JsonNode current = _root;
        foreach (string token in reference[1..].Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            string name = Uri.UnescapeDataString(token).Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            current = current[name] ?? throw new InvalidOperationException($"$ref '{reference}' does not resolve (no '{name}').");
        }

        return current;
    }

    private static bool MatchesType(JsonNode type, JsonNode? instance)
        => type is JsonArray types
            ? types.Any(t => MatchesType(t!.GetValue<string>(), instance))
            : MatchesType(type.GetValue<string>(), instance);

    private static bool MatchesType(string type, JsonNode? instance)
    {
        JsonValueKind kind = instance?.GetValueKind() ?? JsonValueKind.Null;
        return type switch
        {
            "object" => kind == JsonValueKind.Object,
            "array" => kind == JsonValueKind.Array,
            "string" => kind == JsonValueKind.String,
            "boolean" => kind is JsonValueKind.True or JsonValueKind.False,
            "null" => kind == JsonValueKind.Null,
            "number" => kind == JsonValueKind.Number,
            "integer" => kind == JsonValueKind.Number && IsInteger(instance!.AsValue()),
            _ => throw new NotSupportedException($"Unknown JSON Schema type '{type}'."),
        };
    }

    private static bool IsInteger(JsonValue value)
        => value.TryGetValue(out long _) || (value.TryGetValue(out double d) && Math.Floor(d) == d && !double.IsInfinity(d));

    private static string Describe(JsonNode? instance)
        => instance is null ? "null" : $"{instance.GetValueKind().ToString().ToLowerInvariant()} {Excerpt(instance.ToJsonString())}";

    private static string Excerpt(string text) => text.Length <= 60 ? text : text[..60] + "…";

    private Regex Regex(string pattern)
    {
        if (!_regexes.TryGetValue(pattern, out Regex? regex))
        {
            regex = new Regex(pattern, RegexOptions.CultureInvariant, RegexTimeout);
            _regexes[pattern] = regex;
        }

        return regex;
    }
}
