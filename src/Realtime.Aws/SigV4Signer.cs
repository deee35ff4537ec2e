using System.Globalization;

namespace Realtime.Aws;

/// <summary>
/// AWS Signature Version 4: header signing and query presigning, plus the public low-level steps
/// (canonical request, string to sign, signing key, signature) so a verifier can recompute a signature.
/// </summary>
public static class SigV4Signer
{
    /// <summary>The algorithm name in every SigV4 string to sign, Authorization header and presigned URL.</summary>
    public const string Algorithm = "AWS4-HMAC-SHA256";

    /// <summary>SHA-256 of the empty string: the payload hash of a request without a body.</summary>
    public const string EmptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    /// <summary>The longest validity SigV4 allows for a presigned request (7 days).</summary>
    public static readonly TimeSpan MaxPresignExpiry = TimeSpan.FromDays(7);

    /// <summary>Lowercase hex SHA-256 of a body.</summary>
    public static string HashPayload(ReadOnlySpan<byte> payload) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(payload));

    /// <summary>The X-Amz-Date form of a time: yyyyMMddTHHmmssZ in UTC.</summary>
    public static string FormatAmzDate(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    /// <summary>The credential scope: yyyyMMdd/region/service/aws4_request.</summary>
    public static string CredentialScope(DateTimeOffset time, string region, string service) =>
        $"{time.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}/{region}/{service}/aws4_request";

    /// <summary>
    /// The canonical request, signing every header in <paramref name="request"/>:
    /// method, canonical URI, canonical query, canonical headers, signed header names, payload hash.
    /// </summary>
    public static string CanonicalRequest(SigV4Request request, bool normalizePath = true, bool doubleEncodePath = true)
    {
        ArgumentNullException.ThrowIfNull(request);
        List<KeyValuePair<string, string>> headers = SigV4Canonicalizer.CanonicalHeaders(request.Headers);
        var builder = new ValueStringBuilder(stackalloc char[512]);
        try
        {
            builder.Append(request.Method);
            builder.Append('\n');
            SigV4Canonicalizer.AppendPath(ref builder, request.Path, normalizePath, doubleEncodePath);
            builder.Append('\n');
            SigV4Canonicalizer.AppendQuery(ref builder, request.Query);
            builder.Append('\n');
            foreach (KeyValuePair<string, string> header in headers)
            {
                builder.Append(header.Key);
                builder.Append(':');
                builder.Append(header.Value);
                builder.Append('\n');
            }
            builder.Append('\n');
            builder.Append(SigV4Canonicalizer.SignedHeaders(headers));
            builder.Append('\n');
            builder.Append(request.PayloadHash);
            return builder.ToString();
        }
        finally
        {
            builder.Dispose();
        }
    }

    /// <summary>The string to sign: algorithm, X-Amz-Date, credential scope, hex SHA-256 of the canonical request.</summary>
    public static string StringToSign(DateTimeOffset signingTime, string credentialScope, string canonicalRequest)
    {
        Span<char> hash = stackalloc char[SigV4Crypto.HexSize];
        SigV4Crypto.Sha256Hex(canonicalRequest, hash);
        return $"{Algorithm}\n{FormatAmzDate(signingTime)}\n{credentialScope}\n{hash}";
    }

    /// <summary>Derives the 32-byte signing key for a day, region and service (cacheable for that day).</summary>
    public static byte[] DeriveSigningKey(string secretAccessKey, DateTimeOffset date, string region, string service)
    {
        ArgumentException.ThrowIfNullOrEmpty(secretAccessKey);
        byte[] key = new byte[SigV4Crypto.HashSize];
        SigV4Crypto.DeriveSigningKey(secretAccessKey, date.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture), region, service, key);
        return key;
    }

    /// <summary>The lowercase hex signature of <paramref name="stringToSign"/> under <paramref name="signingKey"/>.</summary>
    public static string Signature(ReadOnlySpan<byte> signingKey, string stringToSign)
    {
        Span<char> hex = stackalloc char[SigV4Crypto.HexSize];
        SigV4Crypto.SignatureHex(signingKey, stringToSign, hex);
        return hex.ToString();
    }

    /// <summary>Signs with headers: returns X-Amz-Security-Token (if any), X-Amz-Date, [x-amz-content-sha256], Authorization.</summary>
    public static SigV4SigningResult SignHeaders(SigV4Request request, SigV4SigningParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(parameters);
        DateTimeOffset time = Truncate(parameters.SigningTime);
        string amzDate = FormatAmzDate(time);
        string? token = parameters.Credentials.SessionToken;

        var added = new List<KeyValuePair<string, string>>(4);
        if (token is not null)
        {
            added.Add(new("X-Amz-Security-Token", token));
        }
        added.Add(new("X-Amz-Date", amzDate));
        if (parameters.AddContentSha256Header)
        {
            added.Add(new("x-amz-content-sha256", request.PayloadHash));
        }
        bool signToken = parameters.SessionTokenMode == SigV4SessionTokenMode.Signed;
        var signedHeaders = request.Headers.Concat(added.Where(h => signToken || h.Key != "X-Amz-Security-Token")).ToList();

        SigV4Request toSign = request with { Headers = signedHeaders };
        (string canonical, string stringToSign, string signature) = Compute(toSign, parameters, time);
        string names = SigV4Canonicalizer.SignedHeaders(SigV4Canonicalizer.CanonicalHeaders(signedHeaders));
        string scope = CredentialScope(time, parameters.Region, parameters.Service);
        added.Add(new("Authorization",
            $"{Algorithm} Credential={parameters.Credentials.AccessKeyId}/{scope}, SignedHeaders={names}, Signature={signature}"));
        return new SigV4SigningResult(canonical, stringToSign, signature, added, "");
    }

    /// <summary>
    /// Presigns with query parameters, valid for <paramref name="expiresIn"/> (1 second to 7 days, whole seconds).
    /// Returns the encoded parameters to append, in the order X-Amz-Algorithm, -Credential, -Date, -SignedHeaders,
    /// -Expires, [-Security-Token when signed], -Signature, [-Security-Token when unsigned].
    /// </summary>
    public static SigV4SigningResult PresignQuery(SigV4Request request, SigV4SigningParameters parameters, TimeSpan expiresIn)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(parameters);
        long seconds = (long)expiresIn.TotalSeconds;
        if (seconds < 1 || expiresIn > MaxPresignExpiry)
        {
            throw new ArgumentOutOfRangeException(nameof(expiresIn), expiresIn, "A presigned request must be valid for 1 second to 7 days.");
        }
        DateTimeOffset time = Truncate(parameters.SigningTime);
        string? token = parameters.Credentials.SessionToken;
        string signedHeaders = SigV4Canonicalizer.SignedHeaders(SigV4Canonicalizer.CanonicalHeaders(request.Headers));

        var auth = new List<KeyValuePair<string, string>>(6)
        {
            new("X-Amz-Algorithm", Algorithm),
            new("X-Amz-Credential", $"{parameters.Credentials.AccessKeyId}/{CredentialScope(time, parameters.Region, parameters.Service)}"),
            new("X-Amz-Date", FormatAmzDate(time)),
            new("X-Amz-SignedHeaders", signedHeaders),
            new("X-Amz-Expires", seconds.ToString(CultureInfo.InvariantCulture)),
        };
        bool signToken = token is not null && parameters.SessionTokenMode == SigV4SessionTokenMode.Signed;
        if (signToken)
        {
            auth.Add(new("X-Amz-Security-Token", token!));
        }

        SigV4Request toSign = request with { Query = request.Query.Concat(auth).ToList() };
        (string canonical, string stringToSign, string signature) = Compute(toSign, parameters, time);
        auth.Add(new("X-Amz-Signature", signature));
        if (token is not null && !signToken)
        {
            auth.Add(new("X-Amz-Security-Token", token));
        }
        string query = string.Join('&', auth.Select(p => $"{UriEncoder.Encode(p.Key)}={UriEncoder.Encode(p.Value)}"));
        return new SigV4SigningResult(canonical, stringToSign, signature, [], query);
    }

    /// <summary>
    /// Signs an <see cref="HttpRequestMessage"/> with headers. Signs host, content-type (when there is content) and every
    /// x-amz-* header already set; <paramref name="payloadHash"/> must be the hash of the exact body bytes sent.
    /// </summary>
    public static void SignRequest(HttpRequestMessage message, SigV4SigningParameters parameters, string payloadHash)
    {
        ArgumentNullException.ThrowIfNull(message);
        Uri uri = message.RequestUri is { IsAbsoluteUri: true } absolute
            ? absolute
            : throw new ArgumentException("The request needs an absolute RequestUri to be signed.", nameof(message));
        var headers = new List<KeyValuePair<string, string>> { new("host", HostHeader(uri)) };
        foreach (KeyValuePair<string, IEnumerable<string>> header in message.Headers)
        {
            if (header.Key.StartsWith("x-amz-", StringComparison.OrdinalIgnoreCase))
            {
                headers.AddRange(header.Value.Select(v => new KeyValuePair<string, string>(header.Key, v)));
            }
        }
        if (message.Content?.Headers.ContentType is { } contentType)
        {
            headers.Add(new("content-type", contentType.ToString()));
        }
        var request = new SigV4Request(message.Method.Method, uri.AbsolutePath, SigV4Request.ParseQuery(uri.Query), headers, payloadHash);
        foreach (KeyValuePair<string, string> header in SignHeaders(request, parameters).Headers)
        {
            message.Headers.Remove(header.Key);
            message.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }
    }

    /// <summary>The Host header value a client sends for <paramref name="uri"/>: lowercase host, port only when not the default.</summary>
    internal static string HostHeader(Uri uri)
    {
        string host = uri.Host.ToLowerInvariant();
        return uri.IsDefaultPort ? host : $"{host}:{uri.Port.ToString(CultureInfo.InvariantCulture)}";
    }

    internal static DateTimeOffset Truncate(DateTimeOffset time)
    {
        DateTimeOffset utc = time.ToUniversalTime();
        return utc.AddTicks(-(utc.Ticks % TimeSpan.TicksPerSecond));
    }

    private static (string Canonical, string StringToSign, string Signature) Compute(SigV4Request request, SigV4SigningParameters parameters, DateTimeOffset time)
    {
        string canonical = CanonicalRequest(request, parameters.NormalizePath, parameters.DoubleEncodePath);
        string stringToSign = StringToSign(time, CredentialScope(time, parameters.Region, parameters.Service), canonical);
        Span<byte> key = stackalloc byte[SigV4Crypto.HashSize];
        SigningKeyCache.Shared.GetKey(
            parameters.Credentials.SecretAccessKey,
            time.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture),
            parameters.Region,
            parameters.Service,
            key);
        return (canonical, stringToSign, Signature(key, stringToSign));
    }
}
