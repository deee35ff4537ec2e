using System.Globalization;

namespace Realtime.Aws;

/// <summary>
/// Verifies incoming SigV4 requests (presigned URLs and Authorization headers) by recomputing the signature with the
/// same canonicalisation the signer uses. For a local stand-in of AWS: the results mirror AWS's checks, and every
/// reason is safe to log (no signatures, tokens or secrets).
/// </summary>
public static class SigV4Verifier
{
    private const string TokenName = "X-Amz-Security-Token";

    /// <summary>Verifies a presigned request (X-Amz-* query parameters), e.g. an MQTT WebSocket upgrade to /mqtt.</summary>
    /// <param name="request">The request as received (raw path, all query parameters, all headers, payload hash).</param>
    /// <param name="lookupCredentials">Returns the credentials of an access key id, or null when the key is unknown.</param>
    /// <param name="options">The expected service, region and session token rule.</param>
    /// <param name="now">The current time.</param>
    public static SigV4VerificationResult VerifyPresignedQuery(
        SigV4Request request, Func<string, AwsCredentials?> lookupCredentials, SigV4VerifierOptions options, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(lookupCredentials);
        ArgumentNullException.ThrowIfNull(options);

        var query = request.Query;
        if (Single(query, "X-Amz-Algorithm", out string? algorithm) is { } e1) return e1;
        if (Single(query, "X-Amz-Credential", out string? credential) is { } e2) return e2;
        if (Single(query, "X-Amz-Date", out string? amzDate) is { } e3) return e3;
        if (Single(query, "X-Amz-Expires", out string? expiresText) is { } e4) return e4;
        if (Single(query, "X-Amz-SignedHeaders", out string? signedHeaders) is { } e5) return e5;
        if (Single(query, "X-Amz-Signature", out string? signature) is { } e6) return e6;
        if (!long.TryParse(expiresText, NumberStyles.None, CultureInfo.InvariantCulture, out long expires)
            || expires < 1 || expires > (long)SigV4Signer.MaxPresignExpiry.TotalSeconds)
        {
            return Fail(SigV4VerificationStatus.Malformed, "X-Amz-Expires must be a whole number of seconds from 1 to 604800.");
        }
        string? token = query.Where(p => p.Key == TokenName).Select(p => p.Value).FirstOrDefault();

        // The signature and (for IoT) the token are not part of what was signed.
        bool tokenSigned = options.SessionTokenMode == SigV4SessionTokenMode.Signed;
        var signedQuery = query.Where(p => p.Key != "X-Amz-Signature" && (tokenSigned || p.Key != TokenName)).ToList();

        return Verify(request, signedQuery, algorithm!, credential!, amzDate!, signedHeaders!, signature!, token,
            tokenIsSigned: tokenSigned && token is not null, lookupCredentials, options, now, expires);
    }

    /// <summary>Verifies a request signed with an Authorization header (e.g. aws iot-data publish, POST /topics/...).</summary>
    /// <param name="request">The request as received; <see cref="SigV4Request.PayloadHash"/> must be the hash of the body received.</param>
    /// <param name="lookupCredentials">Returns the credentials of an access key id, or null when the key is unknown.</param>
    /// <param name="options">The expected service, region and session token rule.</param>
    /// <param name="now">The current time.</param>
    public static SigV4VerificationResult VerifyAuthorizationHeader(
        SigV4Request request, Func<string, AwsCredentials?> lookupCredentials, SigV4VerifierOptions options, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(lookupCredentials);
        ArgumentNullException.ThrowIfNull(options);

        if (Single(request.Headers, "Authorization", out string? authorization, ignoreCase: true) is { } e1) return e1;
        if (Single(request.Headers, "X-Amz-Date", out string? amzDate, ignoreCase: true) is { } e2) return e2;
        if (!AuthorizationHeader.TryParse(authorization!, out AuthorizationHeader? parsed))
        {
            return Fail(SigV4VerificationStatus.Malformed,
                "The Authorization header must be 'AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...'.");
        }
        string? token = request.Headers.Where(h => h.Key.Equals(TokenName, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value.Trim()).FirstOrDefault();
        bool tokenIsSigned = token is not null && parsed.SignedHeaders.Split(';').Contains("x-amz-security-token");

        return Verify(request, request.Query, parsed.Algorithm, parsed.Credential, amzDate!.Trim(), parsed.SignedHeaders, parsed.Signature,
            token, tokenIsSigned, lookupCredentials, options, now, expiresSeconds: null);
    }

    private static SigV4VerificationResult Verify(
        SigV4Request request, IReadOnlyList<KeyValuePair<string, string>> signedQuery, string algorithm, string credential,
        string amzDate, string signedHeaders, string signature, string? token, bool tokenIsSigned,
        Func<string, AwsCredentials?> lookupCredentials, SigV4VerifierOptions options, DateTimeOffset now, long? expiresSeconds)
    {
        if (algorithm != SigV4Signer.Algorithm)
        {
            return Fail(SigV4VerificationStatus.Malformed, $"The algorithm must be {SigV4Signer.Algorithm}.");
        }
        if (!DateTimeOffset.TryParseExact(amzDate, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out DateTimeOffset signedAt))
        {
            return Fail(SigV4VerificationStatus.Malformed, "X-Amz-Date must look like 20150830T123600Z.");
        }
        string[] scope = credential.Split('/');
        if (scope.Length != 5 || scope[0].Length == 0 || scope[4] != "aws4_request")
        {
            return Fail(SigV4VerificationStatus.Malformed, "The credential must be <access key id>/<yyyyMMdd>/<region>/<service>/aws4_request.");
        }
        string accessKeyId = scope[0];
        if (scope[1] != amzDate[..8])
        {
            return Fail(SigV4VerificationStatus.ScopeMismatch, "The credential scope date differs from X-Amz-Date.", accessKeyId);
        }
        if (scope[3] != options.Service)
        {
            return Fail(SigV4VerificationStatus.ScopeMismatch, $"The credential scope names service {Shown(scope[3])}, expected '{options.Service}'.", accessKeyId);
        }
        if (options.Region is not null && scope[2] != options.Region)
        {
            return Fail(SigV4VerificationStatus.ScopeMismatch, $"The credential scope names region {Shown(scope[2])}, expected '{options.Region}'.", accessKeyId);
        }

        string[] names = signedHeaders.Split(';');
        if (!names.Contains("host"))
        {
            return Fail(SigV4VerificationStatus.Malformed, "The host header must be signed.", accessKeyId);
        }
        var headers = new List<KeyValuePair<string, string>>();
        foreach (string name in names)
        {
            int before = headers.Count;
            headers.AddRange(request.Headers.Where(h => h.Key.Trim().Equals(name, StringComparison.OrdinalIgnoreCase)));
            if (headers.Count == before || name.Length == 0 || name != name.ToLowerInvariant())
            {
                return Fail(SigV4VerificationStatus.Malformed, $"Signed header {Shown(name)} is missing from the request or not lowercase.", accessKeyId);
            }
        }

        AwsCredentials? credentials = lookupCredentials(accessKeyId);
        if (credentials is null)
        {
            return Fail(SigV4VerificationStatus.UnknownAccessKey, $"The access key id {Shown(accessKeyId)} is not known.", accessKeyId);
        }

        var canonicalRequest = SigV4Signer.CanonicalRequest(new SigV4Request(request.Method, request.Path, signedQuery, headers, request.PayloadHash));
        string stringToSign = SigV4Signer.StringToSign(signedAt, string.Join('/', scope[1..]), canonicalRequest);
        byte[] key = SigV4Signer.DeriveSigningKey(credentials.SecretAccessKey, signedAt, scope[2], scope[3]);
        string expected = SigV4Signer.Signature(key, stringToSign);
        if (!SigV4Crypto.FixedTimeEquals(expected, signature))
        {
            return Fail(SigV4VerificationStatus.SignatureMismatch,
                "The signature does not match the request (check the secret key, host, path, query and signed headers).", accessKeyId);
        }

        if (TokenProblem(credentials, token, tokenIsSigned, options.SessionTokenMode) is { } tokenProblem)
        {
            return Fail(SigV4VerificationStatus.InvalidSessionToken, tokenProblem, accessKeyId);
        }
        if (signedAt - options.AllowedClockSkew > now)
        {
            return Fail(SigV4VerificationStatus.Expired, "X-Amz-Date is in the future beyond the allowed clock skew.", accessKeyId);
        }
        DateTimeOffset validUntil = expiresSeconds is { } seconds ? signedAt.AddSeconds(seconds) : signedAt + options.AllowedClockSkew;
        if (now > validUntil)
        {
            return Fail(SigV4VerificationStatus.Expired,
                expiresSeconds is null ? "X-Amz-Date is too far in the past (clock skew)." : "The presigned request has expired.", accessKeyId);
        }
        return new SigV4VerificationResult(SigV4VerificationStatus.Valid, "The signature is valid.", accessKeyId);
    }

    private static string? TokenProblem(AwsCredentials credentials, string? token, bool tokenIsSigned, SigV4SessionTokenMode mode)
    {
        if (credentials.SessionToken is null)
        {
            return token is null ? null : "A session token was sent for long-term credentials.";
        }
        if (token is null)
        {
            return "The session token of these temporary credentials is missing.";
        }
        if (!SigV4Crypto.FixedTimeEquals(credentials.SessionToken, token))
        {
            return "The session token does not belong to the access key id.";
        }
        return (mode, tokenIsSigned) switch
        {
            (SigV4SessionTokenMode.Signed, false) => "The session token must be signed.",
            (SigV4SessionTokenMode.Unsigned, true) => "The session token must not be signed for this service.",
            _ => null,
        };
    }

    private static SigV4VerificationResult? Single(
        IReadOnlyList<KeyValuePair<string, string>> pairs, string name, out string? value, bool ignoreCase = false)
    {
        StringComparison comparison = ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        value = null;
        foreach (KeyValuePair<string, string> pair in pairs)
        {
            if (pair.Key.Trim().Equals(name, comparison))
            {
                if (value is not null)
                {
                    return Fail(SigV4VerificationStatus.Malformed, $"{name} appears more than once.");
                }
                value = pair.Value;
            }
        }
        return string.IsNullOrEmpty(value) ? Fail(SigV4VerificationStatus.Malformed, $"{name} is missing.") : null;
    }

    private static SigV4VerificationResult Fail(SigV4VerificationStatus status, string reason, string? accessKeyId = null) =>
        new(status, reason, accessKeyId);

    /// <summary>
    /// A value from the request, quoted for a reason only when it is short and plain (letters, digits, '.', '_', '-'): a
    /// reason is logged, and a mangled request can carry its own signature or session token inside any field.
    /// </summary>
    private static string Shown(string value)
    {
        const int MaxShown = 32;
        bool plain = value.Length <= MaxShown && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');
        return plain ? $"'{value}'" : $"(a value of {value.Length} characters, not shown)";
    }
}
