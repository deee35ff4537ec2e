using System.Buffers;

namespace Realtime.Aws;

/// <summary>
/// A stack-first string builder: starts on a caller-provided (usually stackalloc'd) buffer and
/// only rents from the array pool when the text outgrows it. Keeps signing allocation-free
/// except for the final strings. Always Dispose to return a rented buffer.
/// </summary>
internal ref struct ValueStringBuilder
{
    private char[]? _rented;
    private Span<char> _chars;
    private int _length;

    public ValueStringBuilder(Span<char> initialBuffer)
    {
        _rented = null;
        _chars = initialBuffer;
        _length = 0;
    }

    public readonly int Length => _length;

    public readonly ReadOnlySpan<char> AsSpan() => _chars[.._length];

    public void Append(char c)
    {
        if (_length == _chars.Length)
        {
            Grow(1);
        }
        _chars[_length++] = c;
    }

    public void Append(scoped ReadOnlySpan<char> text)
    {
        if (_length + text.Length > _chars.Length)
        {
            Grow(text.Length);
        }
        text.CopyTo(_chars[_length..]);
        _length += text.Length;
    }

    /// <summary>Appends a non-negative integer without allocating.</summary>
    public void Append(long value)
    {
        Span<char> digits = stackalloc char[20];
        value.TryFormat(digits, out int written, default, System.Globalization.CultureInfo.InvariantCulture);
        Append(digits[..written]);
    }

    public override readonly string ToString() => _chars[.._length].ToString();

    public void Dispose()
    {
        char[]? toReturn = _rented;
        this = default;
        if (toReturn is not null)
        {
            ArrayPool<char>.Shared.Return(toReturn);
        }
    }

    private void Grow(int additional)
    {
        char[] next = ArrayPool<char>.Shared.Rent(Math.Max(_chars.Length * 2, _length + additional));
        _chars[.._length].CopyTo(next);
        char[]? old = _rented;
        _chars = _rented = next;
        if (old is not null)
        {
            ArrayPool<char>.Shared.Return(old);
        }
    }
}
