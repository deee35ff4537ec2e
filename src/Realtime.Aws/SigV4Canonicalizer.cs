namespace Realtime.Aws;

/// <summary>The canonicalisation rules of SigV4 (path, query, headers), written into a builder.</summary>
internal static class SigV4Canonicalizer
{
    /// <summary>
    /// Appends the canonical URI. Services other than S3 encode the wire path once more ("double encoding"):
    /// a topic sent as my%2Ftopic is signed as my%252Ftopic (docs/aws-facts.md#iot-websocket-urls, iotdata).
    /// </summary>
    public static void AppendPath(ref ValueStringBuilder builder, string path, bool normalize, bool encode)
    {
        string effective = normalize ? NormalizePath(path) : (path.Length == 0 ? "/" : path);
        if (encode)
        {
            UriEncoder.Append(ref builder, effective, keepSlash: true);
        }
        else
        {
            builder.Append(effective);
        }
    }

    /// <summary>RFC 3986 remove_dot_segments plus collapsing of empty segments ("//example//" becomes "/example/").</summary>
    public static string NormalizePath(string path)
    {
        if (path.Length == 0)
        {
            return "/";
        }
        var segments = new List<string>();
        string[] parts = path.Split('/');
        for (int i = 0; i < parts.Length; i++)
        {
            switch (parts[i])
            {
                case "" or ".":
                    break;
                case "..":
                    if (segments.Count > 0)
                    {
                        segments.RemoveAt(segments.Count - 1);
                    }
                    break;
                default:
                    segments.Add(parts[i]);
                    break;
            }
        }
        string last = parts[^1];
        bool trailingSlash = segments.Count > 0 && (last is "" or "." or "..");
        string joined = "/" + string.Join('/', segments);
        return trailingSlash ? joined + "/" : joined;
    }

    /// <summary>Appends the canonical query: each name and value RFC 3986-encoded, sorted by name, then value.</summary>
    public static void AppendQuery(ref ValueStringBuilder builder, IEnumerable<KeyValuePair<string, string>> query)
    {
        var encoded = new List<(string Name, string Value)>();
        foreach (KeyValuePair<string, string> pair in query)
        {
            encoded.Add((UriEncoder.Encode(pair.Key), UriEncoder.Encode(pair.Value)));
        }
        encoded.Sort(static (a, b) =>
        {
            int byName = string.CompareOrdinal(a.Name, b.Name);
            return byName != 0 ? byName : string.CompareOrdinal(a.Value, b.Value);
        });
        for (int i = 0; i < encoded.Count; i++)
        {
            if (i > 0)
            {
                builder.Append('&');
            }
            builder.Append(encoded[i].Name);
            builder.Append('=');
            builder.Append(encoded[i].Value);
        }
    }

    /// <summary>
    /// Canonical headers: lowercase names, sorted; values trimmed with inner whitespace runs (and folded lines)
    /// collapsed to one space; repeated names joined with ',' in the order they appeared.
    /// </summary>
    public static List<KeyValuePair<string, string>> CanonicalHeaders(IEnumerable<KeyValuePair<string, string>> headers)
    {
        var byName = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (KeyValuePair<string, string> header in headers)
        {
            string name = header.Key.Trim().ToLowerInvariant();
            if (!byName.TryGetValue(name, out List<string>? values))
            {
                byName[name] = values = [];
            }
            values.Add(CollapseWhitespace(header.Value));
        }
        var result = new List<KeyValuePair<string, string>>(byName.Count);
        foreach (KeyValuePair<string, List<string>> entry in byName)
        {
            result.Add(new(entry.Key, string.Join(',', entry.Value)));
        }
        result.Sort(static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        return result;
    }

    /// <summary>Joins the sorted lowercase names with ';' (the SignedHeaders value).</summary>
    public static string SignedHeaders(List<KeyValuePair<string, string>> canonicalHeaders) =>
        string.Join(';', canonicalHeaders.Select(h => h.Key));

    private static string CollapseWhitespace(string value)
    {
        var builder = new ValueStringBuilder(stackalloc char[128]);
        try
        {
            bool pendingSpace = false;
            foreach (char c in value.AsSpan().Trim())
            {
                if (c is ' ' or '\t' or '\r' or '\n')
                {
                    pendingSpace = true;
                    continue;
                }
                if (pendingSpace)
                {
                    builder.Append(' ');
                    pendingSpace = false;
                }
                builder.Append(c);
            }
            return builder.ToString();
        }
        finally
        {
            builder.Dispose();
        }
    }
}
