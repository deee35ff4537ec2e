using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Realtime.Aws;
using Realtime.LocalCloud.Auth;
using Realtime.LocalCloud.Hosting;
using Realtime.LocalCloud.Iam;
using Realtime.LocalCloud.Sam;

namespace Realtime.LocalCloud.Sts;

/// <summary>
/// The local STS (query protocol: form POST, XML answer), reached by the session function through AWS_ENDPOINT_URL_STS. AssumeRole checks
/// the caller's SigV4 Authorization header (service sts) and the role's trust policy, then issues temporary credentials whose
/// rights are the role's policies intersected with the optional session policy. GetCallerIdentity answers who signed.
/// <paramref name="credentialLifetime"/> (tests: <c>--credential-seconds</c>) makes issued credentials expire sooner than the
/// DurationSeconds asked for, which AWS never does, so tests can outlive credentials in seconds instead of 15 minutes.
/// </summary>
internal sealed partial class StsEndpoint(
    IReadOnlyDictionary<string, RoleDefinition> roles, CredentialStore store, LocalLog log, TimeProvider time, TimeSpan? credentialLifetime = null)
{
    private const int MaxSessionPolicyLength = 2048;
    private static readonly SigV4VerifierOptions s_options = SigV4Authenticator.Options("sts", SigV4SessionTokenMode.Signed);

    private long _unavailableUntilTicks;

    /// <summary>Fault injection: every request in the next <paramref name="duration"/> gets 503 ServiceUnavailable.</summary>
    public void MakeUnavailable(TimeSpan duration) => Interlocked.Exchange(ref _unavailableUntilTicks, time.GetUtcNow().Add(duration).UtcTicks);

    public async Task HandleAsync(HttpContext context)
    {
        string requestId = Guid.NewGuid().ToString();
        context.Response.Headers["x-amzn-RequestId"] = requestId;
        context.Response.ContentType = "text/xml";
        try
        {
            if (time.GetUtcNow().UtcTicks < Interlocked.Read(ref _unavailableUntilTicks))
            {
                throw new StsException(503, "ServiceUnavailable", "The local STS is unavailable (fault injection).");
            }

            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer, context.RequestAborted).ConfigureAwait(false);
            byte[] body = buffer.ToArray();
            Dictionary<string, string> form = ParseForm(Encoding.UTF8.GetString(body), context.Request.QueryString.Value);
            AuthenticationResult auth = SigV4Authenticator.Authenticate(context, body, s_options, presigned: false, store, time.GetUtcNow());
            if (auth.Identity is not { } caller)
            {
                throw new StsException(403, auth.Status == SigV4VerificationStatus.SignatureMismatch ? "SignatureDoesNotMatch" : "InvalidClientTokenId", auth.Reason);
            }

            string xml = form.GetValueOrDefault("Action") switch
            {
                "AssumeRole" => AssumeRole(caller, form, requestId),
                "GetCallerIdentity" => StsXml.GetCallerIdentityResponse(caller, requestId),
                var other => throw new StsException(400, "InvalidAction", $"The action {other ?? "(none)"} is not valid for this endpoint (local STS: AssumeRole, GetCallerIdentity)."),
            };
            await context.Response.WriteAsync(xml, context.RequestAborted).ConfigureAwait(false);
        }
        catch (StsException e)
        {
            log.Write("sts", $"{e.Code}: {e.Message}");
            context.Response.StatusCode = e.Status;
            await context.Response.WriteAsync(StsXml.Error(e.Code, e.Message, requestId), context.RequestAborted).ConfigureAwait(false);
        }
    }

    private string AssumeRole(IssuedCredentials caller, Dictionary<string, string> form, string requestId)
    {
        string roleArn = Required(form, "RoleArn");
        string sessionName = Required(form, "RoleSessionName");
        if (!SessionName().IsMatch(sessionName))
        {
            throw new StsException(400, "ValidationError", "RoleSessionName must be 2 to 64 characters of [\\w+=,.@-].");
        }

        string notAuthorized = $"User: {caller.PrincipalArn} is not authorized to perform: sts:AssumeRole on resource: {roleArn}";
        string roleName = roleArn.StartsWith($"arn:aws:iam::{LocalAccount.AccountId}:role/", StringComparison.Ordinal) ? roleArn[(roleArn.LastIndexOf('/') + 1)..] : "";
        if (!roles.TryGetValue(roleName, out RoleDefinition? role))
        {
            throw new StsException(403, "AccessDenied", notAuthorized);
        }

        if (!AssumeRoleAuthorizer.IsAllowed(caller, role, out string why))
        {
            log.Write("sts", $"AssumeRole {roleArn} by {caller.PrincipalArn} refused: {why}");
            throw new StsException(403, "AccessDenied", notAuthorized);
        }

        PolicyDocument? sessionPolicy = null;
        int packed = 0;
        if (form.TryGetValue("Policy", out string? policyJson))
        {
            if (policyJson.Length > MaxSessionPolicyLength)
            {
                throw new StsException(400, "PackedPolicyTooLarge", $"The session policy is {policyJson.Length} characters; the limit is {MaxSessionPolicyLength}.");
            }

            try
            {
                sessionPolicy = PolicyDocument.Parse(policyJson);
            }
            catch (FormatException e)
            {
                throw new StsException(400, "MalformedPolicyDocument", e.Message);
            }

            packed = (int)Math.Ceiling(policyJson.Length * 100.0 / MaxSessionPolicyLength);
        }

        int duration = form.TryGetValue("DurationSeconds", out string? d) ? int.TryParse(d, out int n) ? n : -1 : 3600;
        // Role chaining (a role session assuming a role) is limited to one hour, as on AWS.
        int max = caller.RoleName is null ? 43200 : 3600;
        if (duration < 900 || duration > max)
        {
            throw new StsException(400, "ValidationError", $"DurationSeconds must be between 900 and {max}.");
        }

        TimeSpan lifetime = TimeSpan.FromSeconds(duration);
        if (credentialLifetime is { } cap && cap < lifetime)
        {
            lifetime = cap;
        }

        IssuedCredentials issued = store.IssueRoleSession(role, sessionName, sessionPolicy, lifetime);
        log.Write("sts", $"AssumeRole {role.Name} for {caller.PrincipalArn}: {issued.AccessKeyId} until {issued.Expiration:O}{(sessionPolicy is null ? "" : " with a session policy")}");
        return StsXml.AssumeRoleResponse(issued, role.Name, sessionName, packed, requestId);
    }

    private static string Required(Dictionary<string, string> form, string name) =>
        form.TryGetValue(name, out string? value) && value.Length > 0
            ? value
            : throw new StsException(400, "MissingParameter", $"The request must contain the parameter {name}.");

    /// <summary>application/x-www-form-urlencoded body (plus query parameters, which the query protocol also accepts).</summary>
    internal static Dictionary<string, string> ParseForm(string body, string? query)
    {
        var form = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string source in new[] { query?.TrimStart('?') ?? "", body })
        {
            foreach (string pair in source.Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                int eq = pair.IndexOf('=');
                string name = Decode(eq < 0 ? pair : pair[..eq]);
                form[name] = eq < 0 ? "" : Decode(pair[(eq + 1)..]);
            }
        }

        return form;
    }

    private static string Decode(string text) => Uri.UnescapeDataString(text.Replace('+', ' '));

    [GeneratedRegex(@"^[\w+=,.@-]{2,64}$")]
    private static partial Regex SessionName();
}
