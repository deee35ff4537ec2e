using System.Globalization;
using System.Text.Json.Nodes;

namespace Realtime.LocalCloud.DynamoDb;

/// <summary>
/// DynamoDB attribute values in their JSON form (<c>{"S":"text"}</c>, <c>{"N":"12"}</c>, <c>{"BOOL":true}</c>, ...): checking and
/// comparing. Only S and N order; values of different types are never equal.
/// </summary>
internal static class AttributeValues
{
    private static readonly HashSet<string> s_types = ["S", "N", "B", "BOOL", "NULL", "M", "L", "SS", "NS", "BS"];

    /// <summary>Checks that <paramref name="value"/> is one typed attribute value; throws ValidationException otherwise.</summary>
    public static JsonObject Check(JsonNode? value, string where)
    {
        if (value is not JsonObject o || o.Count != 1 || !s_types.Contains(o.First().Key))
        {
            throw DynamoDbException.Validation($"{where}: an attribute value must be an object with exactly one type key such as S or N");
        }

        var (type, inner) = o.First();
        if (type == "N" && (inner is not JsonValue n || !n.TryGetValue(out string? text) || !decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _)))
        {
            throw DynamoDbException.Validation($"{where}: a number (N) must be a string holding a number");
        }

        if (type == "S" && (inner is not JsonValue s || !s.TryGetValue(out string? _)))
        {
            throw DynamoDbException.Validation($"{where}: a string (S) must be a JSON string");
        }

        return o;
    }

    /// <summary>-1, 0 or 1 when both are S or both are N; null when they cannot be ordered (missing, other types, mixed).</summary>
    public static int? Compare(JsonObject? a, JsonObject? b)
    {
        if (a is null || b is null || a.First().Key != b.First().Key)
        {
            return null;
        }

        string type = a.First().Key;
        string left = a[type]!.ToString();
        string right = b[type]!.ToString();
        return type switch
        {
            // Strings compare by UTF-8 bytes, as DynamoDB does.
            "S" => Math.Sign(System.Text.Encoding.UTF8.GetBytes(left).AsSpan().SequenceCompareTo(System.Text.Encoding.UTF8.GetBytes(right))),
            "N" => decimal.Parse(left, NumberStyles.Float, CultureInfo.InvariantCulture).CompareTo(decimal.Parse(right, NumberStyles.Float, CultureInfo.InvariantCulture)),
            _ => null,
        };
    }

    public static bool AreEqual(JsonObject? a, JsonObject? b) =>
        Compare(a, b) is 0 || (a is not null && b is not null && Compare(a, b) is null && JsonNode.DeepEquals(a, b));
}
