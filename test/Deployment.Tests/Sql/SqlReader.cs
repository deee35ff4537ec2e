namespace Deployment.Tests.Sql;

/// <summary>A cursor over rule SQL text that knows about quotes and parentheses (keywords inside them do not count).</summary>
internal sealed class SqlReader
{
    private readonly string _text;
    private int _position;

    public SqlReader(string text) => _text = text;

    public bool AtEnd
    {
        get
        {
            SkipWhitespace();
            return _position >= _text.Length;
        }
    }

    public void ExpectKeyword(string keyword)
    {
        SkipWhitespace();
        if (!IsKeywordAt(_text, _position, keyword))
        {
            throw new FormatException($"Expected {keyword} at position {_position} of '{_text}'.");
        }

        _position += keyword.Length;
    }

    /// <summary>Reads up to (not including) the first top-level occurrence of <paramref name="keyword"/>.</summary>
    public string ReadUntilKeyword(string keyword)
    {
        int index = FirstTopLevelKeyword(_text, keyword, _position);
        if (index < 0)
        {
            throw new FormatException($"Missing {keyword} in '{_text}'.");
        }

        string read = _text[_position..index];
        _position = index;
        return read;
    }

    /// <summary>Reads a single-quoted string (<c>''</c> escapes a quote).</summary>
    public string ReadQuoted()
    {
        SkipWhitespace();
        if (_position >= _text.Length || _text[_position] != '\'')
        {
            throw new FormatException($"The FROM topic must be in single quotes (topics contain '/'), at position {_position} of '{_text}'.");
        }

        var value = new System.Text.StringBuilder();
        for (int i = _position + 1; i < _text.Length; i++)
        {
            if (_text[i] != '\'')
            {
                value.Append(_text[i]);
            }
            else if (i + 1 < _text.Length && _text[i + 1] == '\'')
            {
                value.Append('\'');
                i++;
            }
            else
            {
                _position = i + 1;
                return value.ToString();
            }
        }

        throw new FormatException($"Unterminated quote in '{_text}'.");
    }

    public string ReadRest()
    {
        string rest = _text[_position..].Trim();
        _position = _text.Length;
        return rest;
    }

    public static IEnumerable<string> SplitTopLevel(string text, char separator)
    {
        int start = 0;
        foreach (int index in TopLevelIndexes(text).Where(i => text[i] == separator))
        {
            yield return text[start..index];
            start = index + 1;
        }

        yield return text[start..];
    }

    public static int LastTopLevelKeyword(string text, string keyword)
        => TopLevelIndexes(text).Where(i => IsKeywordAt(text, i, keyword)).DefaultIfEmpty(-1).Last();

    private static int FirstTopLevelKeyword(string text, string keyword, int from)
        => TopLevelIndexes(text).Where(i => i >= from && IsKeywordAt(text, i, keyword)).DefaultIfEmpty(-1).First();

    /// <summary>Indexes of characters outside quotes and parentheses; throws on unbalanced ones.</summary>
    private static IEnumerable<int> TopLevelIndexes(string text)
    {
        var indexes = new List<int>();
        int depth = 0;
        char? quote = null;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (quote is char q)
            {
                if (c == q)
                {
                    quote = null;
                }
            }
            else if (c is '\'' or '"')
            {
                quote = c;
            }
            else if (c == '(')
            {
                depth++;
            }
            else if (c == ')')
            {
                if (--depth < 0)
                {
                    throw new FormatException($"Unbalanced ')' at position {i} of '{text}'.");
                }
            }
            else if (depth == 0)
            {
                indexes.Add(i);
            }
        }

        if (depth != 0 || quote is not null)
        {
            throw new FormatException($"Unbalanced parentheses or quotes in '{text}'.");
        }

        return indexes;
    }

    private static bool IsKeywordAt(string text, int index, string keyword)
        => index + keyword.Length <= text.Length
            && string.Compare(text, index, keyword, 0, keyword.Length, StringComparison.OrdinalIgnoreCase) == 0
            && (index == 0 || !IsWordChar(text[index - 1]))
            && (index + keyword.Length == text.Length || !IsWordChar(text[index + keyword.Length]));

    private static bool IsWordChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    private void SkipWhitespace()
    {
        while (_position < _text.Length && char.IsWhiteSpace(_text[_position]))
        {
            _position++;
        }
    }
}
