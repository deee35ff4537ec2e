using System.Diagnostics.CodeAnalysis;

namespace Realtime.Channels;

/// <summary>The first topic level of every channel topic (TOPIC_PREFIX, default <c>foobar</c>); <c>[A-Za-z0-9_-]{1,32}</c>.</summary>
public sealed record TopicPrefix
{
    /// <summary>The longest accepted prefix, in characters.</summary>
    public const int MaxLength = 32;

    /// <summary>The prefix used when TOPIC_PREFIX is not set (the original design's).</summary>
    public static TopicPrefix Default { get; } = new("foobar");

    private TopicPrefix(string value) => Value = value;

    /// <summary>The prefix's text, one topic level.</summary>
    public string Value { get; }

    /// <summary>Validates a prefix without throwing.</summary>
    public static bool TryParse([NotNullWhen(true)] string? value, [NotNullWhen(true)] out TopicPrefix? prefix)
    {
        prefix = value is not null && ChannelNames.IsValid(value, MaxLength) ? new TopicPrefix(value) : null;
        return prefix is not null;
    }

    /// <summary>Validates a prefix; throws <see cref="FormatException"/> naming the rule when it is not one.</summary>
    public static TopicPrefix Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return TryParse(value, out TopicPrefix? prefix)
            ? prefix
            : throw new FormatException(
                $"'{ChannelNames.Excerpt(value)}' is not a topic prefix: use 1 to {MaxLength} characters of A-Z, a-z, 0-9, '_' or '-'.");
    }

    /// <summary>The prefix's text.</summary>
    public override string ToString() => Value;
}
