using System.Text.Json.Nodes;
using Realtime.LocalCloud.Sam;

namespace Realtime.LocalCloud.DynamoDb;

/// <summary>Reads AWS::DynamoDB::Table resources: KeySchema (one HASH key), its AttributeDefinitions type, TimeToLiveSpecification.</summary>
internal static class TableReader
{
    public const string ResourceType = "AWS::DynamoDB::Table";

    public static List<TableDefinition> ReadAll(IReadOnlyDictionary<string, JsonObject> resources, IntrinsicResolver resolver)
    {
        var tables = new List<TableDefinition>();
        foreach (var (id, resource) in resources.Where(r => r.Value["Type"]?.GetValue<string>() == ResourceType))
        {
            JsonObject props = resolver.Resolve(resource["Properties"]) as JsonObject ?? [];
            JsonArray keys = props["KeySchema"] as JsonArray ?? throw new TemplateException($"{id}: KeySchema is required");
            if (keys.Count != 1 || keys[0]?["KeyType"]?.ToString() != "HASH" || keys[0]?["AttributeName"]?.ToString() is not { Length: > 0 } key)
            {
                throw new TemplateException($"{id}: the local DynamoDB supports one HASH key only (no sort key)");
            }

            string type = (props["AttributeDefinitions"] as JsonArray ?? [])
                .FirstOrDefault(a => a?["AttributeName"]?.ToString() == key)?["AttributeType"]?.ToString()
                ?? throw new TemplateException($"{id}: AttributeDefinitions must define the key attribute '{key}'");
            if (type is not ("S" or "N"))
            {
                throw new TemplateException($"{id}: key type '{type}' is not supported locally (S or N)");
            }

            JsonNode? ttl = props["TimeToLiveSpecification"];
            string? ttlAttribute = ttl?["Enabled"]?.ToString() is "true" or "True" ? ttl["AttributeName"]?.ToString() : null;
            tables.Add(new TableDefinition(id, resolver.PhysicalName(id), key, type, ttlAttribute));
        }

        return tables;
    }
}
