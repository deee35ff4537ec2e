using System.Text.Json.Nodes;

namespace Realtime.LocalCloud.DynamoDb;

/// <summary>
/// ExpressionAttributeNames (#name) and ExpressionAttributeValues (:value) of one request. As in DynamoDB, a placeholder
/// that no expression uses, or one that is used but not given, is a ValidationException.
/// </summary>
internal sealed class ExpressionContext
{
    private readonly Dictionary<string, string> _names;
    private readonly Dictionary<string, JsonObject> _values;
    private readonly HashSet<string> _used = [];

    public ExpressionContext(JsonObject? names, JsonObject? values)
    {
        _names = (names ?? []).ToDictionary(n => n.Key, n => n.Value is JsonValue v && v.TryGetValue(out string? s) && s.Length > 0
            ? s
            : throw DynamoDbException.Validation($"ExpressionAttributeNames: {n.Key} must map to a non-empty string"));
        _values = (values ?? []).ToDictionary(v => v.Key, v => AttributeValues.Check(v.Value, $"ExpressionAttributeValues {v.Key}"));
        foreach (string key in _names.Keys.Where(k => !k.StartsWith('#')).Concat(_values.Keys.Where(k => !k.StartsWith(':'))))
        {
            throw DynamoDbException.Validation($"'{key}': names start with '#' and values with ':'");
        }
    }

    public string Name(string token)
    {
        if (!token.StartsWith('#'))
        {
            return token;
        }

        _used.Add(token);
        return _names.TryGetValue(token, out string? name)
            ? name
            : throw DynamoDbException.Validation($"An expression attribute name used in the document path is not defined; attribute name: {token}");
    }

    public JsonObject Value(string token)
    {
        _used.Add(token);
        return _values.TryGetValue(token, out JsonObject? value)
            ? value
            : throw DynamoDbException.Validation($"An expression attribute value used in expression is not defined; attribute value: {token}");
    }

    /// <summary>After parsing every expression of the request: refuses placeholders nobody used.</summary>
    public void CheckAllUsed()
    {
        if (_names.Keys.FirstOrDefault(k => !_used.Contains(k)) is { } name)
        {
            throw DynamoDbException.Validation($"Value provided in ExpressionAttributeNames unused in expressions: keys: {{{name}}}");
        }

        if (_values.Keys.FirstOrDefault(k => !_used.Contains(k)) is { } value)
        {
            throw DynamoDbException.Validation($"Value provided in ExpressionAttributeValues unused in expressions: keys: {{{value}}}");
        }
    }
}
