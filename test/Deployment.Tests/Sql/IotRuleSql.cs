namespace Deployment.Tests.Sql;

/// <summary>
/// A parsed AWS IoT rule statement of the form <c>SELECT &lt;list&gt; FROM '&lt;topic filter&gt;' [WHERE &lt;condition&gt;]</c>
/// (SQL version 2016-03-23). Only what the tests need: the select list split at top-level commas, the quoted topic
/// and the raw WHERE text. An unquoted topic is an error, because IoT rejects <c>FROM foobar/session</c> (docs/aws-facts.md#iot-rules-and-lambda).
/// </summary>
internal sealed record IotRuleSql(IReadOnlyList<SelectItem> Select, string Topic, string? Where)
{
    public static IotRuleSql Parse(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        var reader = new SqlReader(sql);
        reader.ExpectKeyword("SELECT");
        string list = reader.ReadUntilKeyword("FROM");
        reader.ExpectKeyword("FROM");
        string topic = reader.ReadQuoted();
        string? where = null;
        if (!reader.AtEnd)
        {
            reader.ExpectKeyword("WHERE");
            where = reader.ReadRest();
            if (where.Length == 0)
            {
                throw new FormatException("WHERE needs a condition.");
            }
        }

        if (topic.Length == 0)
        {
            throw new FormatException("The FROM topic is empty.");
        }

        return new IotRuleSql(SplitSelectList(list), topic, where);
    }

    private static List<SelectItem> SplitSelectList(string list)
    {
        var items = new List<SelectItem>();
        foreach (string part in SqlReader.SplitTopLevel(list, ','))
        {
            string text = part.Trim();
            if (text.Length == 0)
            {
                throw new FormatException($"Empty item in the SELECT list '{list.Trim()}'.");
            }

            int asIndex = SqlReader.LastTopLevelKeyword(text, "AS");
            if (asIndex < 0)
            {
                items.Add(new SelectItem(text, Alias: null));
                continue;
            }

            string expression = text[..asIndex].Trim();
            string alias = text[(asIndex + 2)..].Trim();
            if (expression.Length == 0 || alias.Length == 0 || !alias.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                throw new FormatException($"Bad select item '{text}': expected '<expression> AS <name>'.");
            }

            items.Add(new SelectItem(expression, alias));
        }

        return items;
    }
}
