using System.Text;

namespace Realtime.Aws;

/// <summary>
/// RFC 3986 percent-encoding as SigV4 defines it: everything but the unreserved set
/// (A-Z a-z 0-9 - . _ ~) becomes %XX of its UTF-8 bytes, with upper-case hex.
/// </summary>
internal static class UriEncoder
{
    private const string Hex = "0123456789ABCDEF";

    public static bool IsUnreserved(char c) =>
        char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~';

    /// <summary>Appends <paramref name="value"/> encoded; '/' is kept when <paramref name="keepSlash"/> (paths).</summary>
    public static void Append(ref ValueStringBuilder builder, ReadOnlySpan<char> value, bool keepSlash)
    {
        Span<byte> utf8 = stackalloc byte[4];
        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            if (IsUnreserved(c) || (keepSlash && c == '/'))
            {
                builder.Append(c);
                continue;
            }
            int byteCount;
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                byteCount = Encoding.UTF8.GetBytes(value.Slice(i, 2), utf8);
                i++;
            }
            else
            {
                // A lone surrogate encodes as U+FFFD, as Encoding.UTF8 does everywhere else.
                byteCount = Encoding.UTF8.GetBytes(value.Slice(i, 1), utf8);
            }
            foreach (byte b in utf8[..byteCount])
            {
                builder.Append('%');
                builder.Append(Hex[b >> 4]);
                builder.Append(Hex[b & 0xF]);
            }
        }
    }

    /// <summary>Encodes <paramref name="value"/> into a new string.</summary>
    public static string Encode(ReadOnlySpan<char> value, bool keepSlash = false)
    {
        var builder = new ValueStringBuilder(stackalloc char[256]);
        try
        {
            Append(ref builder, value, keepSlash);
            return builder.ToString();
        }
        finally
        {
            builder.Dispose();
        }
    }
}
