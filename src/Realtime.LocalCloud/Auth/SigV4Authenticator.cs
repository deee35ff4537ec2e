using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Realtime.Aws;
using Realtime.LocalCloud.Iam;
using Realtime.LocalCloud.Sam;

namespace Realtime.LocalCloud.Auth;

/// <summary>
/// Authenticates SigV4 requests against the local identity store with Realtime.Aws's verifier: presigned queries (the IoT
/// WebSocket upgrade) and Authorization headers (the IoT data plane, STS). The request is taken from the raw target so the
/// verifier sees exactly the bytes the client signed (docs/aws-facts.md#iot-websocket-urls: the data plane's %2F is signed double-encoded).
/// </summary>
internal static class SigV4Authenticator
{
    public static AuthenticationResult Authenticate(
        HttpContext context, byte[] body, SigV4VerifierOptions options, bool presigned, CredentialStore store, DateTimeOffset now)
    {
        string rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? (context.Request.Path + context.Request.QueryString);
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var (name, values) in context.Request.Headers)
        {
            foreach (string? value in values)
            {
                headers.Add(new(name, value ?? ""));
            }
        }

        var request = SigV4Request.FromTarget(context.Request.Method, rawTarget, headers, SigV4Signer.HashPayload(body));
        IssuedCredentials? found = null;
        string? lookupProblem = null;
        AwsCredentials? Lookup(string keyId)
        {
            if (!store.TryAuthenticate(keyId, TokenOf(request, presigned), out found, out string why))
            {
                lookupProblem = why;
                return null;
            }

            return new AwsCredentials(found!.AccessKeyId, found.SecretAccessKey, found.SessionToken);
        }

        SigV4VerificationResult result = presigned
            ? SigV4Verifier.VerifyPresignedQuery(request, Lookup, options, now)
            : SigV4Verifier.VerifyAuthorizationHeader(request, Lookup, options, now);
        return result.IsValid
            ? new AuthenticationResult(found, result.Status, "")
            : new AuthenticationResult(null, result.Status, lookupProblem ?? result.Reason);
    }

    public static SigV4VerifierOptions Options(string service, SigV4SessionTokenMode tokenMode) =>
        new(service) { Region = LocalAccount.Region, SessionTokenMode = tokenMode };

    private static string? TokenOf(SigV4Request request, bool presigned) =>
        (presigned ? request.Query : request.Headers)
        .Where(p => p.Key.Equals("X-Amz-Security-Token", StringComparison.OrdinalIgnoreCase))
        .Select(p => p.Value.Trim())
        .FirstOrDefault();
}
