using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using Realtime.Aws;
using SessionFunction.Configuration;
using SessionFunction.Sessions;

namespace SessionFunction.Credentials;

/// <summary>Scoped mode: STS AssumeRole on CLIENT_ROLE_ARN with an inline session policy for this session only.</summary>
internal sealed class StsCredentialsIssuer(IAmazonSecurityTokenService sts, ClientRoleArn role, string region) : ICredentialsIssuer
{
    /// <summary>The shortest lifetime AssumeRole allows; the URL only has to last until the browser connects.</summary>
    public const int DurationSeconds = 900;

    private const int MaxRoleSessionNameLength = 64;

    public bool IsScoped => true;

    public async Task<BrowserCredentials> IssueAsync(SessionScope scope, CancellationToken cancellationToken)
    {
        var request = new AssumeRoleRequest
        {
            RoleArn = role.Value,
            RoleSessionName = RoleSessionName(scope),
            DurationSeconds = DurationSeconds,
            Policy = SessionPolicy.Build(scope, role, region),
        };

        AssumeRoleResponse response;
        try
        {
            response = await sts.AssumeRoleAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonServiceException ex)
        {
            // STS messages name ARNs and principals: fine for the function's log, not for an anonymous browser.
            throw new CredentialsUnavailableException(
                $"Could not get credentials for the session: STS AssumeRole failed ({ex.ErrorCode ?? ex.StatusCode.ToString()}).",
                $"STS AssumeRole on {role.Value} failed: HTTP {(int)ex.StatusCode} {ex.ErrorCode}: {ex.Message}", ex);
        }
        catch (Exception ex) when (ex is AmazonClientException or HttpRequestException or IOException or OperationCanceledException)
        {
            string cause = ex is OperationCanceledException ? "timed out" : "could not be reached";
            throw new CredentialsUnavailableException(
                $"Could not get credentials for the session: STS {cause}.",
                $"STS AssumeRole on {role.Value} {cause}: {ex.GetType().Name}: {ex.Message}", ex);
        }

        return ToIssued(response);
    }

    /// <summary>The channel id shows up in CloudTrail as the role session name, which ties STS calls to sessions.</summary>
    internal static string RoleSessionName(SessionScope scope)
    {
        string name = scope.ClientId; // client-<channelId>: [A-Za-z0-9_-], all allowed in [\w+=,.@-]{2,64}
        return name.Length <= MaxRoleSessionNameLength ? name : name[..MaxRoleSessionNameLength];
    }

    private static BrowserCredentials ToIssued(AssumeRoleResponse response)
    {
        Amazon.SecurityToken.Model.Credentials? credentials = response.Credentials;
        if (credentials is null || string.IsNullOrEmpty(credentials.AccessKeyId)
            || string.IsNullOrEmpty(credentials.SecretAccessKey) || string.IsNullOrEmpty(credentials.SessionToken))
        {
            throw new CredentialsUnavailableException(
                "Could not get credentials for the session: STS returned no credentials.",
                "STS AssumeRole answered without AccessKeyId, SecretAccessKey or SessionToken.");
        }

        DateTimeOffset? expiration = credentials.Expiration is { } value
            ? new DateTimeOffset(value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : DateTime.SpecifyKind(value, DateTimeKind.Utc))
            : null;
        return new BrowserCredentials(
            new AwsCredentials(credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken), expiration);
    }
}
