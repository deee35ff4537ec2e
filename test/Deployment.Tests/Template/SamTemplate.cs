using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Realtime.LocalCloud.Sam;

namespace Deployment.Tests.Template;

/// <summary>
/// The parsed <c>serverless.template</c>, with SAM's Globals merged into each function the way SAM does it
/// (maps merge, lists concatenate global-first, scalars: the function wins) and intrinsics evaluated by the local cloud's
/// <see cref="IntrinsicResolver"/> (resource references as <c>ref(Id)</c>/<c>getatt(Id.Attribute)</c> markers) for a chosen
/// set of parameter values.
/// </summary>
internal sealed class SamTemplate
{
    public const string FunctionType = "AWS::Serverless::Function";

    /// <summary>The stack name the tests evaluate with (the one aws-lambda-tools-defaults.json deploys).</summary>
    public const string StackName = "realtime-lambdas";

    private SamTemplate(JsonObject root) => Root = root;

    public JsonObject Root { get; }

    public JsonObject Parameters => Root["Parameters"]?.AsObject() ?? [];

    public JsonObject Resources => Root["Resources"]!.AsObject();

    public static SamTemplate Load() => Parse(File.ReadAllText(RepoPaths.TemplateFile));

    public static SamTemplate Parse(string json)
        => new(JsonNode.Parse(json, documentOptions: new() { CommentHandling = System.Text.Json.JsonCommentHandling.Disallow })!.AsObject());

    /// <summary>Logical ids of resources of <paramref name="type"/>.</summary>
    public IEnumerable<string> ResourcesOfType(string type)
        => Resources.Where(r => (string?)r.Value?["Type"] == type).Select(r => r.Key);

    public JsonObject Resource(string logicalId)
        => Resources[logicalId]?.AsObject() ?? throw new KeyNotFoundException($"serverless.template has no resource '{logicalId}'.");

    /// <summary>A function's Properties with Globals.Function merged in (unevaluated).</summary>
    public JsonObject FunctionProperties(string logicalId)
    {
        JsonObject own = Resource(logicalId)["Properties"]!.AsObject();
        if (Root["Globals"]?["Function"] is not JsonObject globals)
        {
            return own.DeepClone().AsObject();
        }

        return Merge(globals, own).AsObject();
    }

    /// <summary>The default value of a parameter as CloudFormation passes it (always a string).</summary>
    public string? ParameterDefault(string name)
        => Parameters[name]?["Default"] is JsonNode value ? AsString(value) : null;

    /// <summary>An evaluator using parameter defaults, overridden by <paramref name="overrides"/>.</summary>
    public IntrinsicResolver Evaluator(IReadOnlyDictionary<string, string>? overrides = null)
    {
        var values = new Dictionary<string, JsonNode>(StringComparer.Ordinal);
        foreach ((string name, _) in Parameters)
        {
            if (ParameterDefault(name) is string value)
            {
                values[name] = JsonValue.Create(value);
            }
        }

        values["IotEndpointHost"] = JsonValue.Create("example-ats.iot.us-east-1.amazonaws.com");
        foreach ((string name, string value) in overrides ?? new Dictionary<string, string>())
        {
            values[name] = JsonValue.Create(value);
        }

        return new IntrinsicResolver(Root, values, StackName, ResourceReferences.Symbolic);
    }

    /// <summary>A scalar as CloudFormation passes it on (numbers and booleans as text).</summary>
    public static string AsString(JsonNode value) => value.GetValueKind() switch
    {
        JsonValueKind.String => value.GetValue<string>(),
        JsonValueKind.Number => value.GetValue<double>().ToString(CultureInfo.InvariantCulture),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => value.ToJsonString(),
    };

    private static JsonNode Merge(JsonNode global, JsonNode own) => (global, own) switch
    {
        (JsonObject g, JsonObject o) when !IsIntrinsic(g) && !IsIntrinsic(o) => MergeObjects(g, o),
        (JsonArray g, JsonArray o) => new JsonArray([.. g.Select(x => x?.DeepClone()), .. o.Select(x => x?.DeepClone())]),
        _ => own.DeepClone(),
    };

    private static JsonObject MergeObjects(JsonObject global, JsonObject own)
    {
        var merged = global.DeepClone().AsObject();
        foreach ((string name, JsonNode? value) in own)
        {
            merged[name] = merged[name] is JsonNode existing && value is not null ? Merge(existing, value) : value?.DeepClone();
        }

        return merged;
    }

    private static bool IsIntrinsic(JsonObject obj)
        => obj.Count == 1 && obj.First().Key is var key && (key == "Ref" || key.StartsWith("Fn::", StringComparison.Ordinal));
}
