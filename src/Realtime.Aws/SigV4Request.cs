namespace Realtime.Aws;

/// <summary>
/// The parts of an HTTP request that SigV4 signs, in a form a signer and a verifier share.
/// </summary>
/// <param name="Method">The HTTP method, e.g. GET.</param>
/// <param name="Path">The path as sent on the wire (percent-encoded form, e.g. /topics/a%2Fb), without the query.</param>
/// <param name="Query">The query parameters, decoded, in any order.</param>
/// <param name="Headers">The headers to sign (any case; a name may repeat), including Host.</param>
/// <param name="PayloadHash">Lowercase hex SHA-256 of the body (<see cref="SigV4Signer.EmptyPayloadHash"/> for none).</param>
public sealed record SigV4Request(
    string Method,
    string Path,
    IReadOnlyList<KeyValuePair<string, string>> Query,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    string PayloadHash)
{
    /// <summary>
    /// Builds a request from a raw request target (path and query exactly as received, e.g. ASP.NET Core's
    /// IHttpRequestFeature.RawTarget), so that the verifier sees the bytes the client signed.
    /// </summary>
    public static SigV4Request FromTarget(string method, string rawTarget, IReadOnlyList<KeyValuePair<string, string>> headers, string payloadHash)
    {
        ArgumentException.ThrowIfNullOrEmpty(method);
        ArgumentNullException.ThrowIfNull(rawTarget);
        int question = rawTarget.IndexOf('?');
        string path = question < 0 ? rawTarget : rawTarget[..question];
        string query = question < 0 ? "" : rawTarget[(question + 1)..];
        return new SigV4Request(method, path.Length == 0 ? "/" : path, ParseQuery(query), headers, payloadHash);
    }

    /// <summary>
    /// Splits a raw query (with or without the leading '?') into decoded name/value pairs. A name without '=' has an
    /// empty value; '+' is kept literally (SigV4 clients encode spaces as %20); malformed escapes stay as they are.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, string>> ParseQuery(string rawQuery)
    {
        ArgumentNullException.ThrowIfNull(rawQuery);
        ReadOnlySpan<char> rest = rawQuery.AsSpan().TrimStart('?');
        var pairs = new List<KeyValuePair<string, string>>();
        foreach (Range range in rest.Split('&'))
        {
            ReadOnlySpan<char> part = rest[range];
            if (part.IsEmpty)
            {
                continue;
            }
            int equals = part.IndexOf('=');
            ReadOnlySpan<char> name = equals < 0 ? part : part[..equals];
            ReadOnlySpan<char> value = equals < 0 ? default : part[(equals + 1)..];
            pairs.Add(new(Uri.UnescapeDataString(name), Uri.UnescapeDataString(value)));
        }
        return pairs;
    }
}
