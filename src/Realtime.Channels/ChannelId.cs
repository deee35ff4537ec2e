using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace Realtime.Channels;

/// <summary>
/// A channel id: one topic level naming a client/responder conversation. Issued ids are 20 lowercase hex characters
/// (80 bits from a CSPRNG); accepted ids are <c>[A-Za-z0-9_-]{1,64}</c>, so hand-made ids such as <c>1</c> work.
/// </summary>
public sealed record ChannelId
{
    /// <summary>The longest accepted id, in characters.</summary>
    public const int MaxLength = 64;

    /// <summary>The length of an issued id: 10 random bytes as hex.</summary>
    public const int IssuedLength = 20;

    private ChannelId(string value) => Value = value;

    /// <summary>The id's text, safe to use as one topic level.</summary>
    public string Value { get; }

    /// <summary>Issues a new id: 80 bits from <see cref="RandomNumberGenerator"/>, lowercase hex.</summary>
    public static ChannelId New() => new(RandomNumberGenerator.GetHexString(IssuedLength, lowercase: true));

    /// <summary>True when <paramref name="value"/> is an acceptable channel id.</summary>
    public static bool IsValid([NotNullWhen(true)] string? value) => value is not null && ChannelNames.IsValid(value, MaxLength);

    /// <summary>True when <paramref name="value"/> has the shape of an issued id: 20 lowercase hex characters.</summary>
    public static bool LooksIssued(string value)
        => value.Length == IssuedLength && value.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');

    /// <summary>Validates untrusted text as a channel id without throwing.</summary>
    public static bool TryParse([NotNullWhen(true)] string? value, [NotNullWhen(true)] out ChannelId? id)
    {
        id = IsValid(value) ? new ChannelId(value) : null;
        return id is not null;
    }

    /// <summary>Validates text as a channel id; throws <see cref="FormatException"/> naming the rule when it is not one.</summary>
    public static ChannelId Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return TryParse(value, out ChannelId? id)
            ? id
            : throw new FormatException(
                $"'{ChannelNames.Excerpt(value)}' is not a channel id: use 1 to {MaxLength} characters of A-Z, a-z, 0-9, '_' or '-'.");
    }

    /// <summary>The id's text.</summary>
    public override string ToString() => Value;
}
