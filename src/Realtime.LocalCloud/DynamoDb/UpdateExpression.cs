using System.Text.Json.Nodes;

namespace Realtime.LocalCloud.DynamoDb;

/// <summary>An UpdateExpression of the form <c>SET a = :v[, b = :w ...] [REMOVE c[, d ...]]</c> on top-level attributes.</summary>
internal sealed class UpdateExpression
{
    private readonly List<(string Name, JsonObject Value)> _set = [];
    private readonly List<string> _remove = [];

    public static UpdateExpression Parse(string expression, ExpressionContext context)
    {
        var update = new UpdateExpression();
        List<string> tokens = ExpressionTokenizer.Tokenize(expression, "UpdateExpression");
        int i = 0;
        string Take() => i < tokens.Count ? tokens[i++] : throw DynamoDbException.Validation("Invalid UpdateExpression: the expression ends too early");
        while (i < tokens.Count)
        {
            string clause = Take().ToUpperInvariant();
            do
            {
                string name = context.Name(Take());
                if (clause == "SET")
                {
                    if (Take() != "=")
                    {
                        throw DynamoDbException.Validation("Invalid UpdateExpression: SET needs 'name = :value'");
                    }

                    string value = Take();
                    update._set.Add((name, value.StartsWith(':')
                        ? context.Value(value)
                        : throw DynamoDbException.Validation("Invalid UpdateExpression: only :value operands are supported locally")));
                }
                else if (clause == "REMOVE")
                {
                    update._remove.Add(name);
                }
                else
                {
                    throw DynamoDbException.Validation($"Invalid UpdateExpression: '{clause}' is not supported locally (SET, REMOVE)");
                }
            }
            while (i < tokens.Count && tokens[i] == "," && ++i > 0);
        }

        if (update._set.Count + update._remove.Count == 0)
        {
            throw DynamoDbException.Validation("Invalid UpdateExpression: the expression is empty");
        }

        return update;
    }

    public void ApplyTo(Dictionary<string, JsonObject> item, string keyAttribute)
    {
        foreach ((string name, JsonObject value) in _set)
        {
            item[name] = name == keyAttribute
                ? throw DynamoDbException.Validation($"Cannot update attribute {name}. This attribute is part of the key")
                : (JsonObject)value.DeepClone();
        }

        foreach (string name in _remove)
        {
            item.Remove(name);
        }
    }
}
