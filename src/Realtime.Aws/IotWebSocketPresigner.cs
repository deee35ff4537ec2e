using System.Globalization;

namespace Realtime.Aws;

/// <summary>
/// Presigns AWS IoT Core MQTT-over-WebSocket URLs (service iotdevicegateway) following docs/aws-facts.md#iot-websocket-urls:
/// host signed lowercase (host:port for a non-default port), payload hash of the empty string, only the host header
/// signed, and the session token appended after X-Amz-Signature without being signed (a signed token gets 403).
/// </summary>
public static class IotWebSocketPresigner
{
    /// <summary>The signing name of the IoT MQTT/WebSocket endpoint.</summary>
    public const string Service = "iotdevicegateway";

    /// <summary>Shortest validity granted: a URL has to survive the trip to the client and its connect.</summary>
    public static readonly TimeSpan MinExpiry = TimeSpan.FromSeconds(10);

    /// <summary>Longest validity granted: IoT appears to honour at most ~15 minutes whatever X-Amz-Expires says (docs/aws-facts.md#iot-websocket-urls).</summary>
    public static readonly TimeSpan MaxExpiry = TimeSpan.FromMinutes(15);

    /// <summary>The validity a presigned URL actually gets: whole seconds, clamped to [<see cref="MinExpiry"/>, <see cref="MaxExpiry"/>].</summary>
    public static TimeSpan ClampExpiry(TimeSpan requested) =>
        TimeSpan.FromSeconds(Math.Floor(Math.Clamp(requested.TotalSeconds, MinExpiry.TotalSeconds, MaxExpiry.TotalSeconds)));

    /// <summary>
    /// Returns <paramref name="endpoint"/> (wss://host/mqtt, or ws:// for a local broker) with SigV4 query parameters.
    /// An endpoint without a path gets /mqtt. <paramref name="expiresIn"/> is clamped with <see cref="ClampExpiry"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The endpoint is not an absolute ws/wss URL without query, or the region is invalid.</exception>
    public static Uri Presign(Uri endpoint, string region, AwsCredentials credentials, DateTimeOffset signingTime, TimeSpan expiresIn)
        => PresignFor(endpoint, region, credentials, signingTime, (long)ClampExpiry(expiresIn).TotalSeconds);

    /// <summary>The URL with exactly <paramref name="expires"/> seconds, unclamped (tests compare it with botocore's vectors).</summary>
    internal static Uri PresignFor(Uri endpoint, string region, AwsCredentials credentials, DateTimeOffset signingTime, long expires)
    {
        string path = ValidateEndpoint(endpoint);
        ValidateRegion(region);
        ArgumentNullException.ThrowIfNull(credentials);

        DateTimeOffset time = SigV4Signer.Truncate(signingTime);
        Span<char> amzDate = stackalloc char[16];
        time.UtcDateTime.TryFormat(amzDate, out _, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        ReadOnlySpan<char> date = amzDate[..8];
        string host = SigV4Signer.HostHeader(endpoint);

        // The canonical query is sorted by name; these five are already in order. The token is deliberately absent.
        var query = new ValueStringBuilder(stackalloc char[256]);
        var text = new ValueStringBuilder(stackalloc char[512]);
        try
        {
            query.Append("X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=");
            UriEncoder.Append(ref query, credentials.AccessKeyId, keepSlash: false);
            query.Append("%2F");
            query.Append(date);
            query.Append("%2F");
            UriEncoder.Append(ref query, region, keepSlash: false);
            query.Append("%2F" + Service + "%2Faws4_request&X-Amz-Date=");
            query.Append(amzDate);
            query.Append("&X-Amz-Expires=");
            query.Append(expires);
            query.Append("&X-Amz-SignedHeaders=host");

            // Canonical request: GET, path, query, host header, signed headers, empty payload hash.
            text.Append("GET\n");
            SigV4Canonicalizer.AppendPath(ref text, path, normalize: true, encode: true);
            text.Append('\n');
            text.Append(query.AsSpan());
            text.Append("\nhost:");
            text.Append(host);
            text.Append("\n\nhost\n" + SigV4Signer.EmptyPayloadHash);
            Span<char> canonicalHash = stackalloc char[SigV4Crypto.HexSize];
            SigV4Crypto.Sha256Hex(text.AsSpan(), canonicalHash);

            // String to sign; the canonical request is only needed as its hash from here on, so its buffer goes back.
            text.Dispose();
            text = new ValueStringBuilder(stackalloc char[256]);
            text.Append(SigV4Signer.Algorithm + "\n");
            text.Append(amzDate);
            text.Append('\n');
            text.Append(date);
            text.Append('/');
            text.Append(region);
            text.Append("/" + Service + "/aws4_request\n");
            text.Append(canonicalHash);

            Span<byte> key = stackalloc byte[SigV4Crypto.HashSize];
            SigningKeyCache.Shared.GetKey(credentials.SecretAccessKey, date, region, Service, key);
            Span<char> signature = stackalloc char[SigV4Crypto.HexSize];
            SigV4Crypto.SignatureHex(key, text.AsSpan(), signature);

            // Final URL: endpoint, signed query, signature, then the unsigned token [docs/aws-facts.md#iot-websocket-urls].
            text.Dispose();
            text = new ValueStringBuilder(stackalloc char[1024]);
            text.Append(endpoint.Scheme);
            text.Append("://");
            text.Append(host);
            text.Append(path);
            text.Append('?');
            text.Append(query.AsSpan());
            text.Append("&X-Amz-Signature=");
            text.Append(signature);
            if (credentials.SessionToken is { } token)
            {
                text.Append("&X-Amz-Security-Token=");
                UriEncoder.Append(ref text, token, keepSlash: false);
            }
            return new Uri(text.ToString(), UriKind.Absolute);
        }
        finally
        {
            query.Dispose();
            text.Dispose();
        }
    }

    private static string ValidateEndpoint(Uri endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        if (!endpoint.IsAbsoluteUri || (endpoint.Scheme != "wss" && endpoint.Scheme != "ws"))
        {
            throw new ArgumentException($"The IoT endpoint must be an absolute wss:// (or local ws://) URL, got '{SecretRedactor.RedactUrl(endpoint.OriginalString)}'.", nameof(endpoint));
        }
        if (endpoint.Query.Length > 0 || endpoint.Fragment.Length > 0)
        {
            throw new ArgumentException("The IoT endpoint must not have a query or fragment; the presigner adds the query.", nameof(endpoint));
        }
        return endpoint.AbsolutePath is "" or "/" ? "/mqtt" : endpoint.AbsolutePath;
    }

    private static void ValidateRegion(string region)
    {
        if (string.IsNullOrEmpty(region) || !region.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
        {
            throw new ArgumentException($"The region must look like 'us-east-1', got '{region}'.", nameof(region));
        }
    }
}
