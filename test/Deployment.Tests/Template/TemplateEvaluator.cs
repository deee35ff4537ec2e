using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Deployment.Tests.Template;

/// <summary>
/// Evaluates the intrinsics the template may use (<see cref="SupportedIntrinsics"/>) for given parameter values, the way
/// CloudFormation would, so tests can compare real ARNs, SQL and environment values. References to resources cannot be
/// known before deployment; they become the markers <c>ref(Name)</c> and <c>getatt(Name.Attribute)</c>.
/// </summary>
internal sealed partial class TemplateEvaluator
{
    /// <summary>The intrinsics the template may use; the local cloud's emulator implements the same set.</summary>
    public static readonly IReadOnlySet<string> SupportedIntrinsics = new HashSet<string>(StringComparer.Ordinal)
    {
        "Ref", "Fn::Sub", "Fn::GetAtt", "Fn::If", "Fn::Equals", "Fn::Not", "Condition",
    };

    public const string Region = "us-east-1";
    public const string AccountId = "123456789012";
    public const string StackName = "realtime-lambdas";

    private static readonly JsonValue NoValue = JsonValue.Create("\u0000AWS::NoValue");
    private readonly SamTemplate _template;
    private readonly IReadOnlyDictionary<string, string> _parameters;

    public TemplateEvaluator(SamTemplate template, IReadOnlyDictionary<string, string> parameters)
    {
        _template = template;
        _parameters = parameters;
    }

    /// <summary>A deep copy of <paramref name="node"/> with every intrinsic evaluated and AWS::NoValue entries removed.</summary>
    public JsonNode? Evaluate(JsonNode? node)
    {
        JsonNode? result = EvaluateNode(node);
        return ReferenceEquals(result, NoValue) ? null : result;
    }

    /// <summary>Evaluates <paramref name="node"/> to a string (CloudFormation passes numbers to strings as strings).</summary>
    public string EvaluateString(JsonNode? node)
        => Evaluate(node) is JsonNode value ? AsString(value) : throw new InvalidOperationException("Value evaluated to AWS::NoValue.");

    public bool Condition(string name)
    {
        JsonNode definition = _template.Root["Conditions"]?[name] ?? throw new KeyNotFoundException($"No condition '{name}'.");
        return EvaluateCondition(definition);
    }

    public static string AsString(JsonNode value) => value.GetValueKind() switch
    {
        JsonValueKind.String => value.GetValue<string>(),
        JsonValueKind.Number => value.GetValue<double>().ToString(CultureInfo.InvariantCulture),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => value.ToJsonString(),
    };

    private JsonNode? EvaluateNode(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj when obj.Count == 1 && IsIntrinsicKey(obj.First().Key):
                return EvaluateIntrinsic(obj.First().Key, obj.First().Value);
            case JsonObject obj:
                var copy = new JsonObject();
                foreach ((string name, JsonNode? value) in obj)
                {
                    JsonNode? evaluated = EvaluateNode(value);
                    if (!ReferenceEquals(evaluated, NoValue))
                    {
                        copy[name] = evaluated;
                    }
                }

                return copy;
            case JsonArray array:
                return new JsonArray([.. array.Select(EvaluateNode).Where(v => !ReferenceEquals(v, NoValue))]);
            default:
                return node?.DeepClone();
        }
    }

    private static bool IsIntrinsicKey(string key) => key == "Ref" || key.StartsWith("Fn::", StringComparison.Ordinal);

    private JsonNode? EvaluateIntrinsic(string name, JsonNode? argument)
    {
        switch (name)
        {
            case "Ref":
                return Ref(argument!.GetValue<string>());
            case "Fn::GetAtt":
                string target = argument is JsonArray parts
                    ? $"{parts[0]!.GetValue<string>()}.{parts[1]!.GetValue<string>()}"
                    : argument!.GetValue<string>();
                RequireResource(target.Split('.')[0]);
                return JsonValue.Create($"getatt({target})");
            case "Fn::Sub":
                return JsonValue.Create(Sub(argument!));
            case "Fn::If":
                var branches = argument!.AsArray();
                return EvaluateNode(Condition(branches[0]!.GetValue<string>()) ? branches[1] : branches[2]);
            default:
                throw new NotSupportedException(
                    $"Intrinsic '{name}' is not in the supported set ({string.Join(", ", SupportedIntrinsics)}); the local cloud would not evaluate it.");
        }
    }

    private JsonNode Ref(string name)
    {
        if (name == "AWS::NoValue")
        {
            return NoValue;
        }

        if (Pseudo(name) is string pseudo)
        {
            return JsonValue.Create(pseudo);
        }

        if (_parameters.TryGetValue(name, out string? value))
        {
            return JsonValue.Create(value);
        }

        RequireResource(name);
        return JsonValue.Create($"ref({name})");
    }

    private string Sub(JsonNode argument)
    {
        string text;
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        if (argument is JsonArray pair)
        {
            text = pair[0]!.GetValue<string>();
            foreach ((string key, JsonNode? value) in pair[1]!.AsObject())
            {
                variables[key] = EvaluateString(value);
            }
        }
        else
        {
            text = argument.GetValue<string>();
        }

        return SubVariable().Replace(text, match =>
        {
            string variable = match.Groups[1].Value;
            if (variable.StartsWith('!'))
            {
                return "${" + variable[1..] + "}";
            }

            if (variables.TryGetValue(variable, out string? value))
            {
                return value;
            }

            if (variable.Contains('.', StringComparison.Ordinal) && !variable.StartsWith("AWS::", StringComparison.Ordinal))
            {
                RequireResource(variable.Split('.')[0]);
                return $"getatt({variable})";
            }

            return AsString(Ref(variable));
        });
    }

    private bool EvaluateCondition(JsonNode node)
    {
        var obj = node.AsObject();
        (string name, JsonNode? argument) = obj.Single();
        return name switch
        {
            "Fn::Equals" => EvaluateString(argument![0]) == EvaluateString(argument[1]),
            "Fn::Not" => !EvaluateCondition(argument![0]!),
            "Condition" => Condition(argument!.GetValue<string>()),
            _ => throw new NotSupportedException($"Condition function '{name}' is not supported."),
        };
    }

    private static string? Pseudo(string name) => name switch
    {
        "AWS::Region" => Region,
        "AWS::AccountId" => AccountId,
        "AWS::Partition" => "aws",
        "AWS::StackName" => StackName,
        "AWS::URLSuffix" => "amazonaws.com",
        _ => null,
    };

    private void RequireResource(string logicalId)
    {
        if (_template.Resources[logicalId] is null)
        {
            throw new InvalidOperationException($"Reference to '{logicalId}', which is neither a parameter nor a resource.");
        }
    }

    [GeneratedRegex(@"\$\{([^}]+)\}")]
    private static partial Regex SubVariable();
}
