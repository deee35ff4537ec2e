using System.Globalization;
using System.Text.RegularExpressions;

namespace Realtime.TestSupport;

/// <summary>The numbers of a REPORT line (Lambda's format).</summary>
public sealed partial record Report(string RequestId, double DurationMs, int MaxMemoryMb, double? InitMs, bool IsError)
{
    public static Report Parse(string line)
    {
        Match m = Pattern().Match(line);
        if (!m.Success)
        {
            throw new FormatException("not a REPORT line: " + line);
        }

        return new Report(
            m.Groups["id"].Value,
            double.Parse(m.Groups["duration"].Value, CultureInfo.InvariantCulture),
            int.Parse(m.Groups["memory"].Value, CultureInfo.InvariantCulture),
            m.Groups["init"].Success ? double.Parse(m.Groups["init"].Value, CultureInfo.InvariantCulture) : null,
            line.Contains(" Status: ", StringComparison.Ordinal));
    }

    [GeneratedRegex(@"REPORT RequestId: (?<id>\S+) Duration: (?<duration>[0-9.]+) ms .*Max Memory Used: (?<memory>[0-9]+) MB( Init Duration: (?<init>[0-9.]+) ms)?")]
    private static partial Regex Pattern();
}
