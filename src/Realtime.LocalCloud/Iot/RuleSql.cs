using System.Text.RegularExpressions;

namespace Realtime.LocalCloud.Iot;

/// <summary>
/// The subset of AWS IoT SQL the local rules engine runs: <c>SELECT *[, f() AS name ...] FROM '&lt;topic filter&gt;'</c> with
/// f one of clientid(), topic(), timestamp(), or an explicit projection of top-level payload fields in place of <c>*</c>
/// (<c>SELECT channelId, clientid() AS clientId FROM ...</c>). Anything else (WHERE, other expressions, an unquoted topic) is refused when the
/// local cloud starts, with a message that says what is supported, so a rule never silently behaves differently.
/// </summary>
internal sealed partial record RuleSql(string TopicFilter, IReadOnlyList<RuleSql.Extra> Extras)
{
    /// <summary>A function value added to the selected message under <see cref="Name"/>.</summary>
    internal sealed record Extra(string Function, string Name);

    /// <summary>True for <c>SELECT *</c>; false for an explicit projection, which selects only <see cref="Fields"/> and the extras.</summary>
    public bool SelectsAll { get; init; } = true;

    /// <summary>Top-level payload properties an explicit projection selects (absent ones are left out, as on AWS).</summary>
    public IReadOnlyList<string> Fields { get; init; } = [];

    public static RuleSql Parse(string sql)
    {
        Match m = Statement().Match(sql);
        if (!m.Success)
        {
            throw new FormatException(
                $"IoT rule SQL \"{sql}\" is not supported locally: use SELECT * or SELECT field[, field], then [, clientid() AS name][, topic() AS name][, timestamp() AS name] FROM '<topic filter>' (no WHERE)");
        }

        string filter = m.Groups["filter"].Value;
        if (!Iot.TopicFilter.IsValidFilter(filter))
        {
            throw new FormatException($"IoT rule SQL \"{sql}\": '{filter}' is not a valid MQTT topic filter");
        }

        var extras = new List<Extra>();
        var fields = new List<string>();
        string[] items = m.Groups["list"].Value.Split(',', StringSplitOptions.TrimEntries);
        bool all = items[0] == "*";
        foreach (string item in items.Skip(all ? 1 : 0))
        {
            if (FieldItem().IsMatch(item))
            {
                fields.Add(item);
                continue;
            }

            Match e = ExtraItem().Match(item);
            if (!e.Success)
            {
                throw new FormatException($"IoT rule SQL \"{sql}\": '{item}' is not supported locally (only clientid(), topic(), timestamp() AS name)");
            }

            extras.Add(new Extra(e.Groups["fn"].Value.ToLowerInvariant(), e.Groups["name"].Value));
        }

        return new RuleSql(filter, extras) { SelectsAll = all, Fields = fields };
    }

    [GeneratedRegex(@"^\s*SELECT\s+(?<list>(\*|[A-Za-z_][A-Za-z0-9_]*)(\s*,\s*[^,]+?)*)\s+FROM\s+'(?<filter>[^']+)'\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Statement();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*$", RegexOptions.CultureInvariant)]
    private static partial Regex FieldItem();

    [GeneratedRegex(@"^(?<fn>clientid|topic|timestamp)\(\)\s+AS\s+(?<name>[A-Za-z_][A-Za-z0-9_]*)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ExtraItem();
}
