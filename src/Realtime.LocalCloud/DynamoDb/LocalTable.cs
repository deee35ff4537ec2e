using System.Globalization;
using System.Text.Json.Nodes;

namespace Realtime.LocalCloud.DynamoDb;

/// <summary>
/// One table's items, with DynamoDB's write semantics: every write is atomic with its ConditionExpression (one lock per
/// table), so of many concurrent conditional writes exactly those whose condition holds at their turn succeed.
/// TTL is lazy, as on AWS: an item whose TTL time has passed stays readable and still counts for conditions until a sweep
/// deletes it <see cref="TtlDelay"/> later (AWS documents "within a few days"; the lease must never rely on it).
/// </summary>
internal sealed class LocalTable
{
    private readonly Dictionary<string, Dictionary<string, JsonObject>> _items = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;

    public LocalTable(TableDefinition definition, TimeProvider time, TimeSpan? ttlDelay = null)
    {
        Definition = definition;
        _time = time;
        TtlDelay = ttlDelay ?? TimeSpan.FromMinutes(10);
    }

    public TableDefinition Definition { get; }

    /// <summary>How long after its TTL time an item is really deleted.</summary>
    public TimeSpan TtlDelay { get; }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                Sweep();
                return _items.Count;
            }
        }
    }

    public IReadOnlyDictionary<string, JsonObject>? Get(JsonObject key)
    {
        string id = KeyOf(key, "Key");
        lock (_gate)
        {
            Sweep();
            return _items.TryGetValue(id, out var item) ? Copy(item) : null;
        }
    }

    public void Put(Dictionary<string, JsonObject> item, ConditionExpression? condition)
    {
        string id = KeyOf(item, "Item");
        lock (_gate)
        {
            Sweep();
            Check(condition, id);
            _items[id] = Copy(item);
        }
    }

    public void Update(JsonObject key, UpdateExpression update, ConditionExpression? condition)
    {
        string id = KeyOf(key, "Key");
        lock (_gate)
        {
            Sweep();
            Check(condition, id);
            // UpdateItem creates the item when it does not exist (an "upsert"), as DynamoDB does.
            Dictionary<string, JsonObject> item = _items.TryGetValue(id, out var existing)
                ? Copy(existing)
                : new Dictionary<string, JsonObject>(StringComparer.Ordinal) { [Definition.KeyAttribute] = (JsonObject)key[Definition.KeyAttribute]!.DeepClone() };
            update.ApplyTo(item, Definition.KeyAttribute);
            _items[id] = item;
        }
    }

    public void Delete(JsonObject key, ConditionExpression? condition)
    {
        string id = KeyOf(key, "Key");
        lock (_gate)
        {
            Sweep();
            Check(condition, id);
            _items.Remove(id);
        }
    }

    private void Check(ConditionExpression? condition, string id)
    {
        if (condition is not null && !condition.IsTrueFor(_items.GetValueOrDefault(id)))
        {
            throw new DynamoDbException("ConditionalCheckFailedException", "The conditional request failed");
        }
    }

    /// <summary>Deletes items whose TTL (Unix seconds) passed more than <see cref="TtlDelay"/> ago.</summary>
    private void Sweep()
    {
        if (Definition.TtlAttribute is not { } ttl)
        {
            return;
        }

        DateTimeOffset now = _time.GetUtcNow();
        long cutoff = (now - TtlDelay).ToUnixTimeSeconds();
        long tooOld = now.AddYears(-5).ToUnixTimeSeconds();
        foreach (string id in _items.Where(i => ExpiresAt(i.Value, ttl) is { } at && at < cutoff && at >= tooOld).Select(i => i.Key).ToList())
        {
            _items.Remove(id);
        }
    }

    // DynamoDB ignores a TTL attribute that is not a number (or far in the past, > 5 years): such items never expire.
    private static decimal? ExpiresAt(Dictionary<string, JsonObject> item, string ttl) =>
        item.TryGetValue(ttl, out JsonObject? value) && value["N"] is JsonValue n
        && decimal.TryParse(n.ToString(), NumberStyles.Float, CultureInfo.InvariantCulture, out decimal seconds) ? seconds : null;

    /// <summary>The item's key as text; the key (or Item) must hold exactly the key attribute with the table's type.</summary>
    private string KeyOf(IReadOnlyDictionary<string, JsonObject> item, string what)
    {
        if (!item.TryGetValue(Definition.KeyAttribute, out JsonObject? key) || key.First().Key != Definition.KeyType)
        {
            throw DynamoDbException.Validation($"One or more parameter values were invalid: {what} must hold the key attribute {Definition.KeyAttribute} of type {Definition.KeyType}");
        }

        string text = key[Definition.KeyType]!.ToString();
        return text.Length == 0
            ? throw DynamoDbException.Validation($"One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: {Definition.KeyAttribute}")
            : text;
    }

    private string KeyOf(JsonObject key, string what)
    {
        Dictionary<string, JsonObject> attributes = Attributes(key, what);
        if (attributes.Count != 1)
        {
            throw DynamoDbException.Validation("The provided key element does not match the schema");
        }

        return KeyOf(attributes, what);
    }

    /// <summary>A map of attribute name to checked attribute value (an Item or a Key).</summary>
    public static Dictionary<string, JsonObject> Attributes(JsonNode? node, string what) =>
        node is JsonObject o
            ? o.ToDictionary(a => a.Key, a => AttributeValues.Check(a.Value, $"{what}.{a.Key}"), StringComparer.Ordinal)
            : throw DynamoDbException.Validation($"{what} is required and must be a map of attribute values");

    private static Dictionary<string, JsonObject> Copy(IReadOnlyDictionary<string, JsonObject> item) =>
        item.ToDictionary(a => a.Key, a => (JsonObject)a.Value.DeepClone(), StringComparer.Ordinal);
}
