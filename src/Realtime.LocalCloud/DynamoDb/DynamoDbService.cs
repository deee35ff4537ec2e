using System.Text.Json.Nodes;

namespace Realtime.LocalCloud.DynamoDb;

/// <summary>
/// The DynamoDB operations the local cloud emulates (JSON protocol 1.0, DynamoDB_20120810): PutItem, UpdateItem, DeleteItem
/// with ConditionExpression, and GetItem (for tests and the AWS CLI). Anything else is refused by name.
/// </summary>
internal sealed class DynamoDbService
{
    public static readonly IReadOnlyList<string> Operations = ["PutItem", "UpdateItem", "DeleteItem", "GetItem"];

    private readonly Dictionary<string, LocalTable> _tables;

    public DynamoDbService(IEnumerable<LocalTable> tables) => _tables = tables.ToDictionary(t => t.Definition.Name, StringComparer.Ordinal);

    public LocalTable Table(string name) => _tables.TryGetValue(name, out LocalTable? table)
        ? table
        : throw new DynamoDbException("ResourceNotFoundException", "Requested resource not found");

    /// <summary>The table a request names (TableName), without looking it up.</summary>
    public static string TableName(JsonObject request) =>
        request["TableName"] is JsonValue v && v.TryGetValue(out string? name) && name.Length >= 3
            ? name
            : throw DynamoDbException.Validation("TableName is required (3 to 255 characters)");

    /// <summary>Runs one operation on <paramref name="request"/>; returns the answer's JSON (an empty object for writes).</summary>
    public JsonObject Execute(string operation, JsonObject request)
    {
        LocalTable table = Table(TableName(request));
        if (request["ReturnValues"] is JsonValue rv && rv.ToString() != "NONE")
        {
            throw DynamoDbException.Validation("ReturnValues other than NONE are not supported by the local DynamoDB");
        }

        var context = new ExpressionContext(request["ExpressionAttributeNames"] as JsonObject, request["ExpressionAttributeValues"] as JsonObject);
        ConditionExpression? condition = Text(request, "ConditionExpression") is { } c ? ConditionExpression.Parse(c, context) : null;
        switch (operation)
        {
            case "PutItem":
                Dictionary<string, JsonObject> item = LocalTable.Attributes(request["Item"], "Item");
                context.CheckAllUsed();
                table.Put(item, condition);
                return [];
            case "UpdateItem":
                UpdateExpression update = UpdateExpression.Parse(
                    Text(request, "UpdateExpression") ?? throw DynamoDbException.Validation("UpdateExpression is required locally"), context);
                context.CheckAllUsed();
                table.Update(Key(request), update, condition);
                return [];
            case "DeleteItem":
                context.CheckAllUsed();
                table.Delete(Key(request), condition);
                return [];
            case "GetItem":
                context.CheckAllUsed();
                var found = table.Get(Key(request));
                return found is null ? [] : new JsonObject { ["Item"] = new JsonObject(found.Select(a => KeyValuePair.Create(a.Key, (JsonNode?)a.Value.DeepClone()))) };
            default:
                throw new DynamoDbException("UnknownOperationException", $"The local DynamoDB supports {string.Join(", ", Operations)}.");
        }
    }

    private static JsonObject Key(JsonObject request) =>
        request["Key"] as JsonObject ?? throw DynamoDbException.Validation("Key is required");

    private static string? Text(JsonObject request, string name) => request[name] switch
    {
        null => null,
        JsonValue v when v.TryGetValue(out string? s) && s.Length > 0 => s,
        _ => throw DynamoDbException.Validation($"{name} must be a non-empty string"),
    };
}
