namespace Realtime.Aws.Tests.Suite;

/// <summary>A request.txt of the suite: request line, raw header lines (folded lines kept), body.</summary>
internal sealed record RawHttpRequest(string Method, string Target, string Version, IReadOnlyList<string> HeaderLines, string Body)
{
    public static RawHttpRequest Parse(string text)
    {
        string[] lines = text.Replace("\r\n", "\n").Split('\n');
        string requestLine = lines[0];
        // The target may contain spaces (case get-space-*): the method ends at the first space, the version starts at the last.
        int first = requestLine.IndexOf(' ');
        int last = requestLine.LastIndexOf(' ');
        if (first <= 0 || last <= first)
        {
            throw new FormatException($"Bad request line '{requestLine}'.");
        }
        var headerLines = new List<string>();
        int i = 1;
        for (; i < lines.Length && lines[i].Length > 0; i++)
        {
            headerLines.Add(lines[i]);
        }
        string body = i + 1 < lines.Length ? string.Join('\n', lines[(i + 1)..]) : "";
        return new RawHttpRequest(requestLine[..first], requestLine[(first + 1)..last], requestLine[(last + 1)..], headerLines, body);
    }

    /// <summary>Headers as name/value pairs; a line starting with whitespace continues the previous value.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers()
    {
        var headers = new List<KeyValuePair<string, string>>();
        foreach (string line in HeaderLines)
        {
            if (line.Length > 0 && char.IsWhiteSpace(line[0]))
            {
                KeyValuePair<string, string> previous = headers[^1];
                headers[^1] = new(previous.Key, previous.Value + "\n" + line);
                continue;
            }
            int colon = line.IndexOf(':');
            headers.Add(new(line[..colon], line[(colon + 1)..]));
        }
        return headers;
    }

    /// <summary>Renders the request back in the suite's format, with extra headers and an extra query appended.</summary>
    public string Render(IEnumerable<KeyValuePair<string, string>> extraHeaders, string extraQuery)
    {
        string target = extraQuery.Length == 0 ? Target : Target + (Target.Contains('?') ? '&' : '?') + extraQuery;
        IEnumerable<string> headers = HeaderLines.Concat(extraHeaders.Select(h => $"{h.Key}:{h.Value}"));
        return $"{Method} {target} {Version}\n{string.Join('\n', headers)}\n\n{Body}";
    }
}
