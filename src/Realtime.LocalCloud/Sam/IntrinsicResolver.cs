using System.Text;
using System.Text.Json.Nodes;

namespace Realtime.LocalCloud.Sam;

/// <summary>
/// Evaluates CloudFormation intrinsic functions (Ref, Fn::Sub, Fn::GetAtt, Fn::Join, Fn::Select, Fn::Split, Fn::If and the
/// condition functions) the way CloudFormation would for a stack in the local account. Physical names are the logical ids,
/// so ARNs read like AWS's without the random suffixes. Anything else is refused with a message naming the function.
/// The deployment tests use the same resolver with <see cref="ResourceReferences.Symbolic"/>: resource values are unknown
/// before a deployment, so they stay visible as markers.
/// </summary>
internal sealed class IntrinsicResolver
{
    /// <summary>Every intrinsic (and condition function) this resolver evaluates; a template may use no other.</summary>
    public static readonly IReadOnlySet<string> Supported = new HashSet<string>(StringComparer.Ordinal)
    {
        "Ref", "Condition", "Fn::Sub", "Fn::GetAtt", "Fn::Join", "Fn::Select", "Fn::Split", "Fn::If", "Fn::Equals", "Fn::Not",
        "Fn::And", "Fn::Or",
    };

    private readonly JsonObject _resources;
    private readonly JsonObject _conditions;
    private readonly IReadOnlyDictionary<string, JsonNode> _parameters;
    private readonly string _stackName;
    private readonly ResourceReferences _references;

    public IntrinsicResolver(
        JsonObject template, IReadOnlyDictionary<string, JsonNode> parameters, string stackName,
        ResourceReferences references = ResourceReferences.Local)
    {
        _references = references;
        _resources = template["Resources"] as JsonObject ?? [];
        _conditions = template["Conditions"] as JsonObject ?? [];
        _parameters = parameters;
        _stackName = stackName;
    }

    /// <summary>A resolved deep copy of <paramref name="node"/>; null when it resolves to AWS::NoValue.</summary>
    public JsonNode? Resolve(JsonNode? node)
    {
        switch (node)
        {
            case null:
                return null;
            case JsonArray array:
                var items = new JsonArray();
                foreach (JsonNode? item in array)
                {
                    if (Resolve(item) is { } resolved)
                    {
                        items.Add(resolved);
                    }
                }

                return items;
            case JsonObject obj when obj.Count == 1 && IsIntrinsic(obj.First().Key):
                var (name, argument) = obj.First();
                return Evaluate(name, argument);
            case JsonObject obj:
                var copy = new JsonObject();
                foreach (var (key, value) in obj)
                {
                    if (Resolve(value) is { } resolved)
                    {
                        copy[key] = resolved;
                    }
                }

                return copy;
            default:
                return node.DeepClone();
        }
    }

    /// <summary>Resolves <paramref name="node"/> and requires a string (numbers and booleans are turned into text).</summary>
    public string? ResolveString(JsonNode? node, string where) => Resolve(node) switch
    {
        null => null,
        JsonValue value => value.ToString(),
        _ => throw new TemplateException($"{where}: expected a string, found {node!.ToJsonString()}"),
    };

    /// <summary>The value of condition <paramref name="name"/> from the template's Conditions section.</summary>
    public bool EvaluateCondition(string name)
    {
        JsonNode? body = _conditions[name] ?? throw new TemplateException($"Conditions: '{name}' is not defined");
        return ToBool(Resolve(body), $"Condition {name}");
    }

    private static bool IsIntrinsic(string key) => key == "Ref" || key == "Condition" || key.StartsWith("Fn::", StringComparison.Ordinal);

    private JsonNode? Evaluate(string name, JsonNode? argument) => name switch
    {
        "Ref" => Ref(argument?.GetValue<string>() ?? throw new TemplateException("Ref needs a name")),
        "Fn::GetAtt" => GetAtt(argument),
        "Fn::Sub" => Sub(argument),
        "Fn::Join" => Join(argument),
        "Fn::Select" => Select(argument),
        "Fn::Split" => Split(argument),
        "Fn::If" => If(argument),
        "Fn::Equals" => Equals(argument),
        "Fn::Not" => !ToBool(Resolve(Args(argument, 1, name)[0]), name),
        "Fn::And" => Args(argument, -1, name).All(a => ToBool(Resolve(a), name)),
        "Fn::Or" => Args(argument, -1, name).Any(a => ToBool(Resolve(a), name)),
        "Condition" => EvaluateCondition(argument!.GetValue<string>()),
        _ => throw new TemplateException($"{name} is not supported by the local cloud (supported: {string.Join(", ", Supported)})"),
    };

    private JsonNode? Ref(string name)
    {
        switch (name)
        {
            case "AWS::Region": return LocalAccount.Region;
            case "AWS::AccountId": return LocalAccount.AccountId;
            case "AWS::Partition": return LocalAccount.Partition;
            case "AWS::URLSuffix": return LocalAccount.UrlSuffix;
            case "AWS::StackName": return _stackName;
            case "AWS::StackId": return $"arn:aws:cloudformation:{LocalAccount.Region}:{LocalAccount.AccountId}:stack/{_stackName}/local";
            case "AWS::NoValue": return null;
        }

        if (_parameters.TryGetValue(name, out JsonNode? value))
        {
            return value.DeepClone();
        }

        string physicalName = PhysicalName(name);
        return _references == ResourceReferences.Symbolic ? $"ref({name})" : physicalName;
    }

    /// <summary>What Ref returns for a resource: names for functions and roles (the logical id locally), ids otherwise.</summary>
    public string PhysicalName(string logicalId)
    {
        if (_resources[logicalId] is JsonObject resource)
        {
            string? explicitName = resource["Type"]?.GetValue<string>() switch
            {
                "AWS::Serverless::Function" or "AWS::Lambda::Function" => resource["Properties"]?["FunctionName"] is { } n ? ResolveString(n, logicalId) : null,
                "AWS::IAM::Role" => resource["Properties"]?["RoleName"] is { } n ? ResolveString(n, logicalId) : null,
                "AWS::Logs::LogGroup" => resource["Properties"]?["LogGroupName"] is { } n ? ResolveString(n, logicalId) : null,
                _ => null,
            };
            return explicitName ?? logicalId;
        }

        // SAM creates "<Function>Role" for a function without an explicit Role.
        if (logicalId.EndsWith("Role", StringComparison.Ordinal) && _resources[logicalId[..^4]] is JsonObject)
        {
            return logicalId;
        }

        throw new TemplateException($"Ref/GetAtt: '{logicalId}' is neither a parameter nor a resource of the template");
    }

    private JsonNode GetAtt(JsonNode? argument)
    {
        string[] parts = argument switch
        {
            JsonArray a when a.Count == 2 => [ResolveString(a[0], "Fn::GetAtt")!, ResolveString(a[1], "Fn::GetAtt")!],
            JsonValue v => v.GetValue<string>().Split('.', 2),
            _ => [],
        };
        if (parts.Length != 2)
        {
            throw new TemplateException($"Fn::GetAtt needs [resource, attribute], found {argument?.ToJsonString()}");
        }

        string name = PhysicalName(parts[0]);
        if (_references == ResourceReferences.Symbolic)
        {
            return $"getatt({parts[0]}.{parts[1]})";
        }

        string? type = _resources[parts[0]]?["Type"]?.GetValue<string>();
        return (type, parts[1]) switch
        {
            ("AWS::Serverless::Function" or "AWS::Lambda::Function", "Arn") => LocalAccount.FunctionArn(name),
            (_, "Arn") when type == "AWS::IAM::Role" || type is null => LocalAccount.RoleArn(name),
            ("AWS::DynamoDB::Table", "Arn") => LocalAccount.TableArn(name),
            (_, "RoleId") => "AROALOCAL" + name.ToUpperInvariant(),
            (_, "Arn") => $"arn:aws:local:{LocalAccount.Region}:{LocalAccount.AccountId}:{name}",
            _ => $"{name}.{parts[1]}",
        };
    }

    private JsonNode Sub(JsonNode? argument)
    {
        string text;
        JsonObject? variables = null;
        switch (argument)
        {
            case JsonValue v:
                text = v.GetValue<string>();
                break;
            case JsonArray { Count: 2 } a:
                text = a[0]!.GetValue<string>();
                variables = a[1] as JsonObject;
                break;
            default:
                throw new TemplateException($"Fn::Sub needs a string or [string, variables], found {argument?.ToJsonString()}");
        }

        var result = new StringBuilder();
        int i = 0;
        while (i < text.Length)
        {
            int open = text.IndexOf("${", i, StringComparison.Ordinal);
            if (open < 0)
            {
                result.Append(text, i, text.Length - i);
                break;
            }

            result.Append(text, i, open - i);
            int close = text.IndexOf('}', open);
            if (close < 0)
            {
                throw new TemplateException($"Fn::Sub: unclosed '${{' in \"{text}\"");
            }

            string expression = text[(open + 2)..close];
            result.Append(expression.StartsWith('!') ? "${" + expression[1..] + "}" : SubVariable(expression, variables));
            i = close + 1;
        }

        return result.ToString();
    }

    private string SubVariable(string expression, JsonObject? variables)
    {
        if (variables?[expression] is { } local)
        {
            return ResolveString(local, "Fn::Sub") ?? "";
        }

        JsonNode? value = expression.Contains('.') && !expression.StartsWith("AWS::", StringComparison.Ordinal)
            ? GetAtt(JsonValue.Create(expression))
            : Ref(expression);
        return value switch
        {
            JsonValue v => v.ToString(),
            null => "",
            _ => throw new TemplateException($"Fn::Sub: ${{{expression}}} is a list; use Fn::Join"),
        };
    }

    private JsonNode Join(JsonNode? argument)
    {
        JsonNode?[] args = Args(argument, 2, "Fn::Join");
        string delimiter = ResolveString(args[0], "Fn::Join") ?? "";
        if (Resolve(args[1]) is not JsonArray list)
        {
            throw new TemplateException("Fn::Join: the second argument must be a list");
        }

        return string.Join(delimiter, list.Select(item => item is JsonValue v ? v.ToString() : item?.ToJsonString()));
    }

    private JsonNode? Select(JsonNode? argument)
    {
        JsonNode?[] args = Args(argument, 2, "Fn::Select");
        int index = int.Parse(ResolveString(args[0], "Fn::Select")!, System.Globalization.CultureInfo.InvariantCulture);
        return Resolve(args[1]) is JsonArray list && index >= 0 && index < list.Count
            ? list[index]?.DeepClone()
            : throw new TemplateException($"Fn::Select: index {index} is outside the list");
    }

    private JsonNode Split(JsonNode? argument)
    {
        JsonNode?[] args = Args(argument, 2, "Fn::Split");
        string delimiter = ResolveString(args[0], "Fn::Split")!;
        string source = ResolveString(args[1], "Fn::Split") ?? "";
        return new JsonArray(source.Split(delimiter).Select(s => (JsonNode?)JsonValue.Create(s)).ToArray());
    }

    private JsonNode? If(JsonNode? argument)
    {
        JsonNode?[] args = Args(argument, 3, "Fn::If");
        string condition = args[0]?.GetValue<string>() ?? throw new TemplateException("Fn::If needs a condition name");
        return Resolve(EvaluateCondition(condition) ? args[1] : args[2]);
    }

    private JsonNode Equals(JsonNode? argument)
    {
        JsonNode?[] args = Args(argument, 2, "Fn::Equals");
        return JsonNode.DeepEquals(Normalize(Resolve(args[0])), Normalize(Resolve(args[1])));
    }

    private static JsonNode? Normalize(JsonNode? node) => node is JsonValue v ? JsonValue.Create(v.ToString()) : node;

    private static bool ToBool(JsonNode? node, string where) => node switch
    {
        JsonValue v when v.TryGetValue(out bool b) => b,
        JsonValue v when bool.TryParse(v.ToString(), out bool b) => b,
        _ => throw new TemplateException($"{where}: expected a condition (true/false), found {node?.ToJsonString()}"),
    };

    private static JsonNode?[] Args(JsonNode? argument, int count, string name)
    {
        if (argument is not JsonArray array || (count >= 0 && array.Count != count))
        {
            throw new TemplateException($"{name} needs a list of {(count < 0 ? "conditions" : count.ToString(System.Globalization.CultureInfo.InvariantCulture))} arguments, found {argument?.ToJsonString()}");
        }

        return [.. array];
    }
}

/// <summary>What Ref and Fn::GetAtt of a resource evaluate to.</summary>
internal enum ResourceReferences
{
    /// <summary>The local cloud's physical names and ARNs (the logical id is the name).</summary>
    Local,

    /// <summary>Markers <c>ref(Id)</c> and <c>getatt(Id.Attribute)</c>, for checking a template before any deployment.</summary>
    Symbolic,
}
