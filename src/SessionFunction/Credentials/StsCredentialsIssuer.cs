using SessionFunction.Configuration;
using SessionFunction.Sessions;

namespace SessionFunction.Credentials;

/// <summary>Scoped mode: STS AssumeRole on CLIENT_ROLE_ARN with an inline session policy for this session only.</summary>
internal sealed class StsCredentialsIssuer(IStsClient sts, ClientRoleArn role, string region) : ICredentialsIssuer
{
    /// <summary>The shortest lifetime AssumeRole allows; the URL only has to last until the browser connects.</summary>
    public const int DurationSeconds = 900;

    private const int MaxRoleSessionNameLength = 64;

    public bool IsScoped => true;

    public async Task<BrowserCredentials> IssueAsync(SessionScope scope, CancellationToken cancellationToken)
    {
        try
        {
            return await sts.AssumeRoleAsync(
                role.Value, RoleSessionName(scope), DurationSeconds, SessionPolicy.Build(scope, role, region), cancellationToken).ConfigureAwait(false);
        }
        catch (StsException ex)
        {
            // STS messages name ARNs and principals: fine for the function's log, not for an anonymous browser.
            string code = ex.ErrorCode.Length > 0 ? ex.ErrorCode : $"HTTP {(int)ex.StatusCode}";
            throw new CredentialsUnavailableException(
                $"Could not get credentials for the session: STS AssumeRole failed ({code}).",
                $"STS AssumeRole on {role.Value} failed: HTTP {(int)ex.StatusCode} {ex.ErrorCode}: {ex.Message}", ex);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or OperationCanceledException)
        {
            string cause = ex is OperationCanceledException ? "timed out" : "could not be reached";
            throw new CredentialsUnavailableException(
                $"Could not get credentials for the session: STS {cause}.",
                $"STS AssumeRole on {role.Value} {cause}: {ex.GetType().Name}: {ex.Message}", ex);
        }
    }

    /// <summary>The channel id shows up in CloudTrail as the role session name, which ties STS calls to sessions.</summary>
    internal static string RoleSessionName(SessionScope scope)
    {
        string name = scope.ClientId; // client-<channelId>: [A-Za-z0-9_-], all allowed in [\w+=,.@-]{2,64}
        return name.Length <= MaxRoleSessionNameLength ? name : name[..MaxRoleSessionNameLength];
    }
}
