using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace SessionFunction.Tests.Support;

/// <summary>
/// An independent SigV4 query-signature check for IoT WebSocket URLs, written from the AWS SigV4 documentation and
/// sharing no code with Realtime.Aws: it rebuilds the canonical request from the URL itself, so a presigner bug in
/// ordering, encoding, host or scope shows up as a mismatch.
/// </summary>
internal static class SigV4Verifier
{
    /// <summary>The URL's query parameters, decoded, in order.</summary>
    public static List<KeyValuePair<string, string>> QueryParameters(Uri url)
        => url.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .Select(p => KeyValuePair.Create(Uri.UnescapeDataString(p[0]), Uri.UnescapeDataString(p.Length > 1 ? p[1] : "")))
            .ToList();

    public static string Parameter(Uri url, string name) => QueryParameters(url).Single(p => p.Key == name).Value;

    /// <summary>True when X-Amz-Signature is the signature of the URL with <paramref name="secretAccessKey"/>.</summary>
    public static bool IsValid(Uri url, string secretAccessKey, string service = "iotdevicegateway")
    {
        List<KeyValuePair<string, string>> parameters = QueryParameters(url);
        string signature = parameters.Single(p => p.Key == "X-Amz-Signature").Value;
        string amzDate = parameters.Single(p => p.Key == "X-Amz-Date").Value;
        string[] scope = parameters.Single(p => p.Key == "X-Amz-Credential").Value.Split('/');
        if (scope.Length != 5 || scope[3] != service || scope[4] != "aws4_request" || !amzDate.StartsWith(scope[1], StringComparison.Ordinal))
        {
            return false;
        }

        // IoT rule (AWS-NOTES): the session token is not part of the signed query.
        string canonicalQuery = string.Join('&', parameters
            .Where(p => p.Key is not "X-Amz-Signature" and not "X-Amz-Security-Token")
            .Select(p => (Name: Encode(p.Key), Value: Encode(p.Value)))
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .Select(p => $"{p.Name}={p.Value}"));
        string host = url.IsDefaultPort ? url.Host.ToLowerInvariant() : $"{url.Host.ToLowerInvariant()}:{url.Port}";
        string canonicalRequest = $"GET\n{url.AbsolutePath}\n{canonicalQuery}\nhost:{host}\n\nhost\n{Hex(SHA256.HashData([]))}";
        string stringToSign = $"AWS4-HMAC-SHA256\n{amzDate}\n{scope[1]}/{scope[2]}/{scope[3]}/aws4_request\n" +
            Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)));

        byte[] key = Encoding.UTF8.GetBytes("AWS4" + secretAccessKey);
        foreach (string part in new[] { scope[1], scope[2], scope[3], "aws4_request" })
        {
            key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(part));
        }

        string expected = Hex(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(stringToSign)));
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(signature));
    }

    private static string Encode(string value)
    {
        var builder = new StringBuilder();
        foreach (byte b in Encoding.UTF8.GetBytes(value))
        {
            char c = (char)b;
            builder.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~'
                ? c.ToString()
                : "%" + b.ToString("X2", CultureInfo.InvariantCulture));
        }

        return builder.ToString();
    }

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
