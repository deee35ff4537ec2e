using System.Security.Cryptography;
using System.Text;

namespace Realtime.TestSupport;

/// <summary>
/// An independent, deliberately plain SigV4 implementation that follows the steps of the AWS documentation
/// literally (StringBuilder, Uri.EscapeDataString, HMACSHA256 instances). It shares no code with Realtime.Aws,
/// so agreement between the two is evidence that AWS will accept our URLs: it rebuilds the canonical request from the
/// URL itself, so a presigner bug in ordering, encoding, host or scope shows up as a mismatch.
/// </summary>
public static class ReferenceSigV4
{
    /// <summary>The URL's query parameters, decoded, in order.</summary>
    public static List<KeyValuePair<string, string>> QueryParameters(Uri url)
        => url.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .Select(p => KeyValuePair.Create(Uri.UnescapeDataString(p[0]), Uri.UnescapeDataString(p.Length > 1 ? p[1] : "")))
            .ToList();

    /// <summary>The decoded value of the single query parameter <paramref name="name"/>.</summary>
    public static string Parameter(Uri url, string name) => QueryParameters(url).Single(p => p.Key == name).Value;

    /// <summary>
    /// True when the URL's X-Amz-Signature is the signature of an IoT WebSocket URL (session token not signed, host from the
    /// URL) with <paramref name="secretAccessKey"/>, and its credential scope names <paramref name="service"/> on the signing date.
    /// </summary>
    public static bool IsValid(Uri url, string secretAccessKey, string service = "iotdevicegateway")
    {
        string signature = Parameter(url, "X-Amz-Signature");
        string amzDate = Parameter(url, "X-Amz-Date");
        string[] scope = Parameter(url, "X-Amz-Credential").Split('/');
        if (scope.Length != 5 || scope[3] != service || scope[4] != "aws4_request" || !amzDate.StartsWith(scope[1], StringComparison.Ordinal))
        {
            return false;
        }

        string host = url.IsDefaultPort ? url.Host.ToLowerInvariant() : $"{url.Host.ToLowerInvariant()}:{url.Port}";
        // IoT rule (docs/aws-facts.md): the session token is not part of the signed query.
        string expected = SignatureOfPresignedUrl(url.AbsoluteUri, host, secretAccessKey, tokenSigned: false);
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(signature));
    }

    /// <summary>Recomputes the signature of a presigned URL from its own query, leaving out the signature and (IoT) the token.</summary>
    public static string SignatureOfPresignedUrl(string url, string hostHeader, string secretKey, bool tokenSigned)
    {
        var uri = new Uri(url);
        var parameters = new List<(string Name, string Value)>();
        foreach (string part in uri.Query.TrimStart('?').Split('&'))
        {
            string[] nameValue = part.Split('=', 2);
            string name = Uri.UnescapeDataString(nameValue[0]);
            if (name == "X-Amz-Signature" || (name == "X-Amz-Security-Token" && !tokenSigned))
            {
                continue;
            }
            parameters.Add((Uri.EscapeDataString(name), Uri.EscapeDataString(Uri.UnescapeDataString(nameValue[1]))));
        }
        parameters.Sort((a, b) => string.CompareOrdinal(a.Name + "=" + a.Value, b.Name + "=" + b.Value));

        Dictionary<string, string> query = parameters.ToDictionary(p => p.Name, p => Uri.UnescapeDataString(p.Value));
        string amzDate = query["X-Amz-Date"];
        string[] scope = query["X-Amz-Credential"].Split('/');

        var canonical = new StringBuilder()
            .Append("GET").Append('\n')
            .Append(string.Join("/", uri.AbsolutePath.Split('/').Select(Uri.EscapeDataString))).Append('\n')
            .Append(string.Join("&", parameters.Select(p => p.Name + "=" + p.Value))).Append('\n')
            .Append("host:").Append(hostHeader).Append('\n')
            .Append('\n')
            .Append("host").Append('\n')
            .Append(Hex(SHA256.HashData(Array.Empty<byte>())))
            .ToString();

        string stringToSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + string.Join("/", scope.Skip(1)) + "\n"
            + Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
        byte[] key = SigningKey(secretKey, scope[1], scope[2], scope[3]);
        using var hmac = new HMACSHA256(key);
        return Hex(hmac.ComputeHash(Encoding.UTF8.GetBytes(stringToSign)));
    }

    /// <summary>The SigV4 signing key: HMAC chain over date, region, service and "aws4_request".</summary>
    public static byte[] SigningKey(string secretKey, string date, string region, string service)
    {
        byte[] kDate = Mac(Encoding.UTF8.GetBytes("AWS4" + secretKey), date);
        byte[] kRegion = Mac(kDate, region);
        byte[] kService = Mac(kRegion, service);
        return Mac(kService, "aws4_request");
    }

    /// <summary>Lowercase hex.</summary>
    public static string Hex(byte[] bytes) => Convert.ToHexString(bytes).ToLowerInvariant();

    private static byte[] Mac(byte[] key, string data)
    {
        using var hmac = new HMACSHA256(key);
        return hmac.ComputeHash(Encoding.UTF8.GetBytes(data));
    }
}
