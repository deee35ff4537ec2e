using System.Text.Json.Nodes;
using Realtime.LocalCloud.Sam;

namespace Deployment.Tests.Template;

/// <summary>One evaluated IAM policy statement and where it sits (which role it is attached to).</summary>
internal sealed record IamStatement(string Role, string Source, string Effect, IReadOnlyList<string> Actions, IReadOnlyList<string> Resources, JsonObject Raw)
{
    /// <summary>Every statement of every identity policy in the template: inline role policies, AWS::IAM::Policy
    /// resources (attached to their Roles) and SAM function Policies (attached to the function's generated role).</summary>
    public static List<IamStatement> All(SamTemplate template, IntrinsicResolver evaluator)
    {
        var statements = new List<IamStatement>();
        foreach ((string id, JsonNode? resource) in template.Resources)
        {
            var properties = evaluator.Resolve(resource!["Properties"]) as JsonObject ?? [];
            switch ((string?)resource["Type"])
            {
                case "AWS::IAM::Role":
                    foreach (JsonNode? policy in properties["Policies"] as JsonArray ?? [])
                    {
                        statements.AddRange(Read($"ref({id})", $"{id}/{policy!["PolicyName"]}", policy["PolicyDocument"]!));
                    }

                    break;
                case "AWS::IAM::Policy" or "AWS::IAM::ManagedPolicy":
                    foreach (JsonNode? role in properties["Roles"] as JsonArray ?? [])
                    {
                        statements.AddRange(Read((string)role!, id, properties["PolicyDocument"]!));
                    }

                    break;
                case SamTemplate.FunctionType when properties["Policies"] is JsonNode policies:
                    foreach (JsonNode? policy in policies as JsonArray ?? [policies.DeepClone()])
                    {
                        statements.AddRange(policy is JsonObject document && document["Statement"] is not null
                            ? Read($"{id}Role", id, document)
                            : [new IamStatement($"{id}Role", id, "Allow", ["(managed or SAM policy template)"], ["*"], [])]);
                    }

                    break;
            }
        }

        return statements;
    }

    private static IEnumerable<IamStatement> Read(string role, string source, JsonNode document)
        => AsList(document["Statement"]).Select(s => new IamStatement(
            role,
            source,
            (string)s!["Effect"]!,
            Strings(s["Action"]) ?? throw new InvalidOperationException($"{source}: statement without Action (NotAction is not allowed)."),
            Strings(s["Resource"]) ?? throw new InvalidOperationException($"{source}: statement without Resource (NotResource is not allowed)."),
            s.AsObject()));

    internal static List<string>? Strings(JsonNode? node)
        => node is null ? null : AsList(node).Select(n => (string)n!).ToList();

    private static IEnumerable<JsonNode?> AsList(JsonNode? node) => node is JsonArray array ? array : new[] { node };
}
