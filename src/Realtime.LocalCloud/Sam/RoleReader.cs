using System.Text.Json.Nodes;
using Realtime.LocalCloud.Iam;

namespace Realtime.LocalCloud.Sam;

/// <summary>Reads IAM roles: AWS::IAM::Role resources, AWS::IAM::Policy attachments and the roles SAM creates for functions.</summary>
internal static class RoleReader
{
    // Managed policies that grant nothing the local cloud checks (logs, tracing): ignored without a warning.
    private static readonly string[] s_harmlessManagedPolicies = ["AWSLambdaBasicExecutionRole", "AWSXRayDaemonWriteAccess", "AWSLambdaVPCAccessExecutionRole"];

    public static RoleDefinition Read(string id, JsonObject resource, IntrinsicResolver resolver, string name, List<string> warnings)
    {
        JsonObject props = resolver.Resolve(resource["Properties"]) as JsonObject ?? [];
        var policies = new List<PolicyDocument>();
        foreach (JsonNode? policy in props["Policies"] as JsonArray ?? [])
        {
            policies.Add(ParsePolicy(policy?["PolicyDocument"], $"{id}.Policies"));
        }

        foreach (JsonNode? arn in props["ManagedPolicyArns"] as JsonArray ?? [])
        {
            WarnManaged(id, arn?.ToString() ?? "", warnings);
        }

        PolicyDocument? trust = props["AssumeRolePolicyDocument"] is { } t ? ParsePolicy(t, $"{id}.AssumeRolePolicyDocument") : null;
        return new RoleDefinition(name, policies, trust);
    }

    /// <summary>The role SAM generates for a function without Role: its Policies (inline statements or managed names).</summary>
    public static RoleDefinition ImplicitFunctionRole(string functionId, string roleName, JsonNode? policies, List<string> warnings)
    {
        var documents = new List<PolicyDocument>();
        IEnumerable<JsonNode?> items = policies switch
        {
            null => Array.Empty<JsonNode?>(),
            JsonArray array => array,
            _ => new[] { policies },
        };
        foreach (JsonNode? item in items)
        {
            switch (item)
            {
                case JsonValue v:
                    WarnManaged(functionId, v.ToString(), warnings);
                    break;
                case JsonObject o when o["Statement"] is not null:
                    documents.Add(ParsePolicy(o, $"{functionId}.Policies"));
                    break;
                case JsonObject o:
                    warnings.Add($"{functionId}.Policies: SAM policy template '{o.FirstOrDefault().Key}' is not expanded locally; its rights are not granted");
                    break;
            }
        }

        var trust = new PolicyDocument([new PolicyStatement(PolicyEffect.Allow, ["sts:AssumeRole"], false, ["*"], false, ["lambda.amazonaws.com"], false)]);
        return new RoleDefinition(roleName, documents, trust);
    }

    public static void AttachPolicy(string id, JsonObject resource, IntrinsicResolver resolver, Dictionary<string, RoleDefinition> roles)
    {
        JsonObject props = resolver.Resolve(resource["Properties"]) as JsonObject ?? [];
        PolicyDocument document = ParsePolicy(props["PolicyDocument"], $"{id}.PolicyDocument");
        foreach (JsonNode? role in props["Roles"] as JsonArray ?? [])
        {
            string name = role?.ToString() ?? "";
            if (roles.TryGetValue(name, out RoleDefinition? existing))
            {
                roles[name] = existing with { Policies = [.. existing.Policies, document] };
            }
        }
    }

    private static void WarnManaged(string id, string nameOrArn, List<string> warnings)
    {
        string name = nameOrArn[(nameOrArn.LastIndexOf('/') + 1)..];
        if (!s_harmlessManagedPolicies.Contains(name))
        {
            warnings.Add($"{id}: managed policy '{nameOrArn}' is not known locally; its rights are not granted");
        }
    }

    private static PolicyDocument ParsePolicy(JsonNode? node, string where)
    {
        try
        {
            PolicyDocument document = PolicyDocument.FromJson(node);
            return document;
        }
        catch (FormatException e)
        {
            throw new TemplateException($"{where}: {e.Message}");
        }
    }
}
