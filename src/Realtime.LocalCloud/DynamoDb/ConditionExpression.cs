using System.Text.Json.Nodes;

namespace Realtime.LocalCloud.DynamoDb;

/// <summary>
/// A parsed ConditionExpression: comparisons (= &lt;&gt; &lt; &lt;= &gt; &gt;=) between top-level attributes and :values,
/// attribute_exists(a), attribute_not_exists(a), AND, OR, NOT and parentheses (DynamoDB's precedence: NOT, AND, OR).
/// Evaluated against the item as it is before the write (null when there is none).
/// </summary>
internal sealed class ConditionExpression
{
    private readonly Func<IReadOnlyDictionary<string, JsonObject>?, bool> _evaluate;

    private ConditionExpression(Func<IReadOnlyDictionary<string, JsonObject>?, bool> evaluate) => _evaluate = evaluate;

    public bool IsTrueFor(IReadOnlyDictionary<string, JsonObject>? item) => _evaluate(item);

    public static ConditionExpression Parse(string expression, ExpressionContext context)
    {
        var parser = new Parser(ExpressionTokenizer.Tokenize(expression, "ConditionExpression"), context);
        var result = parser.Or();
        if (!parser.AtEnd)
        {
            throw DynamoDbException.Validation($"Invalid ConditionExpression: unexpected '{parser.Peek}'");
        }

        return new ConditionExpression(result);
    }

    private sealed class Parser(List<string> tokens, ExpressionContext context)
    {
        private int _next;

        public bool AtEnd => _next >= tokens.Count;

        public string Peek => AtEnd ? "(end)" : tokens[_next];

        public Func<IReadOnlyDictionary<string, JsonObject>?, bool> Or()
        {
            var left = And();
            while (Accept("OR"))
            {
                var l = left;
                var r = And();
                left = item => l(item) || r(item);
            }

            return left;
        }

        private Func<IReadOnlyDictionary<string, JsonObject>?, bool> And()
        {
            var left = Not();
            while (Accept("AND"))
            {
                var l = left;
                var r = Not();
                left = item => l(item) && r(item);
            }

            return left;
        }

        private Func<IReadOnlyDictionary<string, JsonObject>?, bool> Not()
        {
            if (Accept("NOT"))
            {
                var inner = Not();
                return item => !inner(item);
            }

            return Primary();
        }

        private Func<IReadOnlyDictionary<string, JsonObject>?, bool> Primary()
        {
            if (Accept("("))
            {
                var inner = Or();
                Expect(")");
                return inner;
            }

            string token = Take();
            if (token is "attribute_exists" or "attribute_not_exists")
            {
                Expect("(");
                string name = Path(Take());
                Expect(")");
                bool wanted = token == "attribute_exists";
                return item => (item?.ContainsKey(name) ?? false) == wanted;
            }

            var left = Operand(token);
            string op = Take();
            var right = Operand(Take());
            return op switch
            {
                "=" => item => AttributeValues.AreEqual(left(item), right(item)),
                "<>" => item => !AttributeValues.AreEqual(left(item), right(item)),
                "<" => item => AttributeValues.Compare(left(item), right(item)) is < 0,
                "<=" => item => AttributeValues.Compare(left(item), right(item)) is <= 0,
                ">" => item => AttributeValues.Compare(left(item), right(item)) is > 0,
                ">=" => item => AttributeValues.Compare(left(item), right(item)) is >= 0,
                _ => throw DynamoDbException.Validation($"Invalid ConditionExpression: expected a comparator, found '{op}'"),
            };
        }

        private Func<IReadOnlyDictionary<string, JsonObject>?, JsonObject?> Operand(string token)
        {
            if (token.StartsWith(':'))
            {
                JsonObject value = context.Value(token);
                return _ => value;
            }

            string name = Path(token);
            return item => item is not null && item.TryGetValue(name, out JsonObject? v) ? v : null;
        }

        private string Path(string token)
        {
            if (token.Length == 0 || !(token[0] == '#' || char.IsAsciiLetter(token[0]) || token[0] == '_') || token is "AND" or "OR" or "NOT")
            {
                throw DynamoDbException.Validation($"Invalid ConditionExpression: '{token}' is not an attribute name");
            }

            return context.Name(token);
        }

        private string Take() => AtEnd
            ? throw DynamoDbException.Validation("Invalid ConditionExpression: the expression ends too early")
            : tokens[_next++];

        private bool Accept(string token)
        {
            if (!AtEnd && string.Equals(tokens[_next], token, StringComparison.OrdinalIgnoreCase))
            {
                _next++;
                return true;
            }

            return false;
        }

        private void Expect(string token)
        {
            if (!Accept(token))
            {
                throw DynamoDbException.Validation($"Invalid ConditionExpression: expected '{token}', found '{Peek}'");
            }
        }
    }
}
