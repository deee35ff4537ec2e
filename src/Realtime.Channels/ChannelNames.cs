namespace Realtime.Channels;

/// <summary>The character rule shared by channel ids, topic prefixes and the shared topic name.</summary>
internal static class ChannelNames
{
    /// <summary>
    /// True when <paramref name="value"/> is 1..<paramref name="maxLength"/> characters of <c>[A-Za-z0-9_-]</c>.
    /// The set excludes every MQTT special character (<c>+</c>, <c>#</c>, <c>/</c>, NUL), so a valid name is always exactly
    /// one literal topic level and can never widen a subscription or escape its channel.
    /// </summary>
    public static bool IsValid(ReadOnlySpan<char> value, int maxLength)
    {
        if (value.IsEmpty || value.Length > maxLength)
        {
            return false;
        }

        foreach (char c in value)
        {
            if (!IsNameChar(c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsNameChar(char c)
        => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_' or '-';

    /// <summary>Shortens untrusted text for a log line or an error message, so hostile input cannot flood logs.</summary>
    public static string Excerpt(string value, int maxLength = 40)
        => value.Length <= maxLength ? value : string.Concat(value.AsSpan(0, maxLength), "…");
}
