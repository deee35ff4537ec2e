using Microsoft.AspNetCore.Http;
using Realtime.Aws;
using Realtime.LocalCloud.Iam;
using Realtime.LocalCloud.Sam;

namespace Realtime.LocalCloud.Auth;

/// <summary>
/// API Gateway's IAM authorization for HTTP API routes with <c>Auth.Authorizer: AWS_IAM</c>: the request must carry a
/// valid SigV4 Authorization header (service <c>execute-api</c>, session token signed) made with credentials this local
/// cloud knows and that have not expired, and the caller's policies (role and session policy) must allow
/// <c>execute-api:Invoke</c> on <c>arn:aws:execute-api:&lt;region&gt;:&lt;account&gt;:&lt;apiId&gt;/&lt;stage&gt;/&lt;METHOD&gt;/&lt;path&gt;</c>.
/// Otherwise the function is not invoked; the reason is for the log only (it never names a secret).
/// </summary>
internal static class ExecuteApiAuthorizer
{
    /// <summary>The signing name of API Gateway's execution service.</summary>
    public const string Service = "execute-api";

    /// <summary>The stage the local HTTP API serves (API Gateway's default stage).</summary>
    public const string Stage = "$default";

    private static readonly SigV4VerifierOptions s_options = SigV4Authenticator.Options(Service, SigV4SessionTokenMode.Signed);

    public static bool TryAuthorize(
        HttpContext context, byte[] body, HttpRoute route, CredentialStore store, DateTimeOffset now,
        out IamCaller? caller, out string reason)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(route);
        caller = null;
        AuthenticationResult auth = SigV4Authenticator.Authenticate(context, body, s_options, presigned: false, store, now);
        if (auth.Identity is not { } identity)
        {
            reason = $"SigV4 refused ({auth.Status}): {auth.Reason}";
            return false;
        }

        string arn = RouteArn(route.ApiId, context.Request.Method, context.Request.Path.Value ?? "/");
        if (!identity.Rights.IsAllowed("execute-api:Invoke", arn))
        {
            reason = $"{identity.PrincipalArn} is not allowed execute-api:Invoke on {arn}";
            return false;
        }

        caller = IamCaller.From(identity);
        reason = "";
        return true;
    }

    /// <summary>The execute-api ARN of one request: <c>.../&lt;apiId&gt;/$default/POST/renew</c>.</summary>
    public static string RouteArn(string apiId, string method, string path) =>
        $"arn:{LocalAccount.Partition}:execute-api:{LocalAccount.Region}:{LocalAccount.AccountId}:{apiId}/{Stage}/{method.ToUpperInvariant()}{path}";
}
