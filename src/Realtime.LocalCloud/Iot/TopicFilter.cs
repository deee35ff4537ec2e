namespace Realtime.LocalCloud.Iot;

/// <summary>MQTT topic filter matching (MQTT 3.1.1 section 4.7): <c>+</c> one level, <c>#</c> the rest (including the parent).</summary>
internal static class TopicFilter
{
    public static bool Matches(string filter, string topic)
    {
        // [MQTT-4.7.2-1] filters starting with a wildcard do not match topics starting with '$'.
        if (topic.StartsWith('$') && (filter.StartsWith('+') || filter.StartsWith('#')))
        {
            return false;
        }

        string[] f = filter.Split('/');
        string[] t = topic.Split('/');
        for (int i = 0; i < f.Length; i++)
        {
            if (f[i] == "#")
            {
                return true;
            }

            if (i >= t.Length || (f[i] != "+" && f[i] != t[i]))
            {
                return false;
            }
        }

        return f.Length == t.Length;
    }

    /// <summary>A topic name one may publish to [MQTT-4.7.3]: not empty, no wildcard, no NUL.</summary>
    public static bool IsValidTopicName(string topic) => topic.Length > 0 && topic.IndexOfAny(['+', '#', '\0']) < 0;

    /// <summary>
    /// A topic filter one may subscribe to [MQTT-4.7.1]: not empty, no NUL, <c>+</c> only as a whole level, <c>#</c> only as
    /// the whole last level.
    /// </summary>
    public static bool IsValidFilter(string filter)
    {
        if (filter.Length == 0 || filter.Contains('\0', StringComparison.Ordinal))
        {
            return false;
        }

        string[] levels = filter.Split('/');
        for (int i = 0; i < levels.Length; i++)
        {
            string level = levels[i];
            bool wildcard = level.Contains('+', StringComparison.Ordinal) || level.Contains('#', StringComparison.Ordinal);
            if (wildcard && level != "+" && !(level == "#" && i == levels.Length - 1))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// AWS IoT's topic limits: at most 256 UTF-8 bytes and 7 forward slashes
    /// (https://docs.aws.amazon.com/general/latest/gr/iot-core.html#message-broker-limits).
    /// </summary>
    public static string? CheckAwsLimits(string topic)
    {
        if (System.Text.Encoding.UTF8.GetByteCount(topic) > 256)
        {
            return "the topic is longer than 256 bytes";
        }

        return topic.Count(c => c == '/') > 7 ? "the topic has more than 7 slashes" : null;
    }
}
