using System.Text.Json;
using System.Text.Json.Nodes;

namespace Realtime.LocalCloud.Iam;

/// <summary>An IAM policy document (identity, session or trust policy), parsed from its JSON form.</summary>
internal sealed class PolicyDocument
{
    public static readonly PolicyDocument AllowAll = new([new PolicyStatement(PolicyEffect.Allow, ["*"], false, ["*"], false, [], false)]);

    public PolicyDocument(IReadOnlyList<PolicyStatement> statements) => Statements = statements;

    public IReadOnlyList<PolicyStatement> Statements { get; }

    /// <summary>Parses a policy; throws <see cref="FormatException"/> naming what is wrong (bad input never crashes the caller).</summary>
    public static PolicyDocument Parse(string json)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json);
        }
        catch (JsonException e)
        {
            throw new FormatException($"the policy is not valid JSON: {e.Message}");
        }

        return FromJson(node);
    }

    public static PolicyDocument FromJson(JsonNode? node)
    {
        if (node is not JsonObject obj)
        {
            throw new FormatException("a policy must be a JSON object with a Statement");
        }

        JsonNode? statement = obj["Statement"] ?? throw new FormatException("the policy has no Statement");
        IEnumerable<JsonNode?> items = statement is JsonArray array ? array : new[] { statement };
        return new PolicyDocument(items.Select(ParseStatement).ToArray());
    }

    private static PolicyStatement ParseStatement(JsonNode? node)
    {
        if (node is not JsonObject s)
        {
            throw new FormatException("each Statement must be an object");
        }

        PolicyEffect effect = Text(s["Effect"]) switch
        {
            "Allow" => PolicyEffect.Allow,
            "Deny" => PolicyEffect.Deny,
            var other => throw new FormatException($"Effect must be Allow or Deny, found '{other}'"),
        };
        bool notAction = s["NotAction"] is not null;
        bool notResource = s["NotResource"] is not null;
        IReadOnlyList<string> actions = List(s[notAction ? "NotAction" : "Action"]);
        IReadOnlyList<string> resources = List(s[notResource ? "NotResource" : "Resource"]);
        if (actions.Count == 0)
        {
            throw new FormatException("a Statement needs Action or NotAction");
        }

        return new PolicyStatement(effect, actions, notAction, resources.Count == 0 ? ["*"] : resources, notResource,
            Principals(s["Principal"]), s["Condition"] is not null);
    }

    private static IReadOnlyList<string> Principals(JsonNode? node) => node switch
    {
        null => [],
        JsonValue v => [v.ToString()],
        JsonObject o => o.SelectMany(kv => List(kv.Value)).ToArray(),
        _ => throw new FormatException("Principal must be \"*\" or an object"),
    };

    private static IReadOnlyList<string> List(JsonNode? node) => node switch
    {
        null => [],
        JsonValue v => [Text(v)],
        JsonArray a => a.Select(Text).ToArray(),
        _ => throw new FormatException($"expected a string or a list of strings, found {node.ToJsonString()}"),
    };

    private static string Text(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue(out string? s) ? s : throw new FormatException($"expected a string, found {node?.ToJsonString() ?? "nothing"}");
}
