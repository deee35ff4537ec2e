namespace Realtime.Mqtt.Packets;

/// <summary>Topic name and topic filter rules of MQTT 3.1.1 section 4.7.</summary>
public static class MqttTopic
{
    /// <summary>The longest UTF-8 string MQTT can carry: a 2-byte length prefix [MQTT-1.5.3].</summary>
    public const int MaxUtf8Bytes = 65_535;

    /// <summary>True when <paramref name="topic"/> is a valid topic name: non-empty [MQTT-4.7.3-1], no wildcards
    /// [MQTT-3.3.2-2], no U+0000 [MQTT-4.7.3-2]. The UTF-8 length is checked by the encoder.</summary>
    public static bool IsValidTopicName(ReadOnlySpan<char> topic) =>
        !topic.IsEmpty && topic.IndexOfAny('+', '#', '\0') < 0;

    /// <summary>True when <paramref name="filter"/> is a valid topic filter: non-empty, no U+0000, '+' fills a whole
    /// level [MQTT-4.7.1-3], '#' fills the last level [MQTT-4.7.1-2].</summary>
    public static bool IsValidTopicFilter(ReadOnlySpan<char> filter)
    {
        if (filter.IsEmpty || filter.Contains('\0'))
        {
            return false;
        }

        for (int i = 0; i < filter.Length; i++)
        {
            char c = filter[i];
            if (c != '+' && c != '#')
            {
                continue;
            }

            bool startsLevel = i == 0 || filter[i - 1] == '/';
            bool endsLevel = i == filter.Length - 1 || filter[i + 1] == '/';
            if (!startsLevel || !endsLevel || (c == '#' && i != filter.Length - 1))
            {
                return false;
            }
        }

        return true;
    }
}
