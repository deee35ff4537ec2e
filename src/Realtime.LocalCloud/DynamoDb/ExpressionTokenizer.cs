namespace Realtime.LocalCloud.DynamoDb;

/// <summary>Splits a DynamoDB expression into tokens: names, #names, :values, parentheses, commas and comparators.</summary>
internal static class ExpressionTokenizer
{
    public static List<string> Tokenize(string expression, string what)
    {
        var tokens = new List<string>();
        int i = 0;
        while (i < expression.Length)
        {
            char c = expression[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c is '(' or ')' or ',' or '=')
            {
                tokens.Add(c.ToString());
                i++;
            }
            else if (c is '<' or '>')
            {
                bool two = i + 1 < expression.Length && (expression[i + 1] == '=' || (c == '<' && expression[i + 1] == '>'));
                tokens.Add(expression.Substring(i, two ? 2 : 1));
                i += two ? 2 : 1;
            }
            else if (c is '#' or ':' || char.IsAsciiLetter(c) || c == '_')
            {
                int start = i++;
                while (i < expression.Length && (char.IsAsciiLetterOrDigit(expression[i]) || expression[i] == '_'))
                {
                    i++;
                }

                if (i - start == 1 && c is '#' or ':')
                {
                    throw DynamoDbException.Validation($"Invalid {what}: a placeholder needs a name after '{c}'");
                }

                tokens.Add(expression[start..i]);
            }
            else
            {
                // Nested paths (a.b, a[0]) and arithmetic are not needed here: refuse them loudly instead of misreading them.
                throw DynamoDbException.Validation($"Invalid {what}: '{c}' at position {i} is not supported by the local DynamoDB");
            }
        }

        return tokens;
    }
}
