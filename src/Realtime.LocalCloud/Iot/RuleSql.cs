using System.Text.RegularExpressions;

namespace Realtime.LocalCloud.Iot;

/// <summary>
/// The subset of AWS IoT SQL the local rules engine runs: <c>SELECT *[, f() AS name ...] FROM '&lt;topic filter&gt;'</c> with
/// f one of clientid(), topic(), timestamp(). Anything else (WHERE, other expressions, an unquoted topic) is refused when the
/// local cloud starts, with a message that says what is supported, so a rule never silently behaves differently.
/// </summary>
internal sealed partial record RuleSql(string TopicFilter, IReadOnlyList<RuleSql.Extra> Extras)
{
    /// <summary>A function value added to the selected message under <see cref="Name"/>.</summary>
    internal sealed record Extra(string Function, string Name);

    public static RuleSql Parse(string sql)
    {
        Match m = Statement().Match(sql);
        if (!m.Success)
        {
            throw new FormatException(
                $"IoT rule SQL \"{sql}\" is not supported locally: use SELECT *[, clientid() AS name][, topic() AS name][, timestamp() AS name] FROM '<topic filter>' (no WHERE)");
        }

        string filter = m.Groups["filter"].Value;
        if (!Iot.TopicFilter.IsValidFilter(filter))
        {
            throw new FormatException($"IoT rule SQL \"{sql}\": '{filter}' is not a valid MQTT topic filter");
        }

        var extras = new List<Extra>();
        foreach (string item in m.Groups["extras"].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            Match e = ExtraItem().Match(item);
            if (!e.Success)
            {
                throw new FormatException($"IoT rule SQL \"{sql}\": '{item}' is not supported locally (only clientid(), topic(), timestamp() AS name)");
            }

            extras.Add(new Extra(e.Groups["fn"].Value.ToLowerInvariant(), e.Groups["name"].Value));
        }

        return new RuleSql(filter, extras);
    }

    [GeneratedRegex(@"^\s*SELECT\s+\*\s*(?<extras>(,\s*[^,]+?\s*)*)\s+FROM\s+'(?<filter>[^']+)'\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Statement();

    [GeneratedRegex(@"^(?<fn>clientid|topic|timestamp)\(\)\s+AS\s+(?<name>[A-Za-z_][A-Za-z0-9_]*)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ExtraItem();
}
