using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Realtime.LocalCloud.Iam;

namespace Realtime.LocalCloud.Sam;

/// <summary>
/// Reads a SAM template (JSON) into a <see cref="LocalTemplate"/>: parameters take their Default unless overridden,
/// Globals.Function is merged into each function, intrinsics are resolved for the local account, and resources whose
/// Condition is false are left out, as CloudFormation would.
/// </summary>
internal static class TemplateLoader
{
    /// <summary>
    /// Values for parameters that have no Default and that only make sense on AWS: the local cloud fills them so that
    /// `./build.sh run` needs no arguments (the functions get AWS_IOT_ENDPOINT_URL, which wins over AWS_IOT_HOST).
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> LocalDefaults = new Dictionary<string, string>
    {
        ["IotEndpointHost"] = "127.0.0.1",
    };

    public static LocalTemplate Load(string path, IReadOnlyDictionary<string, string> parameterOverrides, string stackName = "local")
    {
        JsonObject template;
        try
        {
            template = JsonNode.Parse(File.ReadAllText(path), documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip }) as JsonObject
                       ?? throw new TemplateException($"{path}: the template must be a JSON object");
        }
        catch (JsonException e)
        {
            throw new TemplateException($"{path}: not valid JSON ({e.Message}); the local cloud reads the JSON form of the template");
        }

        return Parse(template, parameterOverrides, stackName);
    }

    public static LocalTemplate Parse(JsonObject template, IReadOnlyDictionary<string, string> parameterOverrides, string stackName = "local")
    {
        var warnings = new List<string>();
        var resolver = new IntrinsicResolver(template, Parameters(template, parameterOverrides), stackName);
        var resources = (template["Resources"] as JsonObject ?? throw new TemplateException("the template has no Resources"))
            .Where(r => r.Value is JsonObject res && (res["Condition"] is not JsonValue c || resolver.EvaluateCondition(c.ToString())))
            .ToDictionary(r => r.Key, r => (JsonObject)r.Value!);
        JsonObject globals = template["Globals"]?["Function"] as JsonObject ?? [];

        var roles = new Dictionary<string, RoleDefinition>();
        foreach (var (id, resource) in resources.Where(r => Type(r.Value) == "AWS::IAM::Role"))
        {
            roles[resolver.PhysicalName(id)] = RoleReader.Read(id, resource, resolver, resolver.PhysicalName(id), warnings);
        }

        var functions = new List<FunctionDefinition>();
        var routes = new List<HttpRoute>();
        var rules = new List<IotRuleDefinition>();
        foreach (var (id, resource) in resources.Where(r => Type(r.Value) == "AWS::Serverless::Function"))
        {
            JsonObject props = Merge(globals, resource["Properties"] as JsonObject ?? []);
            FunctionDefinition function = ReadFunction(id, props, resolver, roles, warnings);
            functions.Add(function);
            EventReader.Read(id, props["Events"] as JsonObject, function.Name, resolver, routes, rules, warnings);
        }

        foreach (var (id, resource) in resources.Where(r => Type(r.Value) == "AWS::IAM::Policy"))
        {
            RoleReader.AttachPolicy(id, resource, resolver, roles);
        }

        CorsConfiguration? cors = CorsReader.Read(template, resources, resolver);
        return new LocalTemplate(functions, roles, routes, cors, rules, warnings) { Tables = DynamoDb.TableReader.ReadAll(resources, resolver) };
    }

    private static string? Type(JsonObject resource) => resource["Type"]?.GetValue<string>();

    private static Dictionary<string, JsonNode> Parameters(JsonObject template, IReadOnlyDictionary<string, string> overrides)
    {
        var values = new Dictionary<string, JsonNode>();
        foreach (var (name, definition) in template["Parameters"] as JsonObject ?? [])
        {
            string? value = overrides.TryGetValue(name, out string? o) ? o
                : definition?["Default"] is JsonValue d ? d.ToString()
                : LocalDefaults.GetValueOrDefault(name);
            if (value is null)
            {
                continue;
            }

            bool isList = definition?["Type"]?.ToString() is { } t && (t == "CommaDelimitedList" || t.StartsWith("List<", StringComparison.Ordinal));
            values[name] = isList
                ? new JsonArray(value.Split(',').Select(v => (JsonNode?)JsonValue.Create(v.Trim())).ToArray())
                : JsonValue.Create(value);
        }

        foreach (string unknown in overrides.Keys.Where(k => !values.ContainsKey(k)))
        {
            throw new TemplateException($"parameter override '{unknown}' is not a parameter of the template");
        }

        return values;
    }

    /// <summary>SAM Globals semantics: maps merge key by key (the function wins), everything else is replaced.</summary>
    internal static JsonObject Merge(JsonObject globals, JsonObject local)
    {
        var merged = (JsonObject)globals.DeepClone();
        foreach (var (key, value) in local)
        {
            merged[key] = merged[key] is JsonObject g && value is JsonObject l ? Merge(g, l) : value?.DeepClone();
        }

        return merged;
    }

    private static FunctionDefinition ReadFunction(
        string id, JsonObject props, IntrinsicResolver resolver, Dictionary<string, RoleDefinition> roles, List<string> warnings)
    {
        string name = resolver.PhysicalName(id);
        string codeUri = resolver.ResolveString(props["CodeUri"], $"{id}.CodeUri")
                         ?? throw new TemplateException($"{id}: CodeUri (a project folder) is required to run it locally");
        string handler = resolver.ResolveString(props["Handler"], $"{id}.Handler")
                         ?? throw new TemplateException($"{id}: Handler is required");
        var environment = new Dictionary<string, string>();
        if (resolver.Resolve(props["Environment"]?["Variables"]) is JsonObject variables)
        {
            foreach (var (key, value) in variables)
            {
                environment[key] = value is JsonValue v ? v.ToString() : value?.ToJsonString() ?? "";
            }
        }

        // LoggingConfig.LogFormat is what Lambda passes as AWS_LAMBDA_LOG_FORMAT.
        if (resolver.ResolveString(props["LoggingConfig"]?["LogFormat"], $"{id}.LoggingConfig.LogFormat") is { } logFormat)
        {
            environment["AWS_LAMBDA_LOG_FORMAT"] = logFormat;
        }

        string roleName;
        if (props["Role"] is { } roleNode)
        {
            string roleArn = resolver.ResolveString(roleNode, $"{id}.Role")!;
            roleName = roleArn[(roleArn.LastIndexOf('/') + 1)..];
            if (!roles.ContainsKey(roleName))
            {
                throw new TemplateException($"{id}.Role: {roleArn} is not a role of the template, so its rights are unknown locally");
            }
        }
        else
        {
            roleName = id + "Role";
            roles[roleName] = RoleReader.ImplicitFunctionRole(id, roleName, resolver.Resolve(props["Policies"]), warnings);
        }

        return new FunctionDefinition(
            id, name, codeUri.TrimEnd('/'), handler,
            resolver.ResolveString(props["Runtime"], $"{id}.Runtime") ?? "dotnet10",
            Int(resolver, props["MemorySize"], 128, $"{id}.MemorySize"),
            Int(resolver, props["Timeout"], 3, $"{id}.Timeout"),
            environment, roleName,
            Int(resolver, props["EventInvokeConfig"]?["MaximumRetryAttempts"], 2, $"{id}.EventInvokeConfig.MaximumRetryAttempts"),
            resolver.Resolve(props["ReservedConcurrentExecutions"]) is { } rc ? Int(resolver, rc, 0, $"{id}.ReservedConcurrentExecutions") : null);
    }

    private static int Int(IntrinsicResolver resolver, JsonNode? node, int fallback, string where)
    {
        string? text = resolver.ResolveString(node, where);
        if (text is null)
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value)
            ? value
            : throw new TemplateException($"{where}: '{text}' is not a whole number");
    }
}
