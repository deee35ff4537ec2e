using System.Collections.Concurrent;
using System.Security.Cryptography;
using Realtime.LocalCloud.Sam;

namespace Realtime.LocalCloud.Iam;

/// <summary>
/// The local stack's identity store: the documented administrator key pair, one role session per function, and the
/// temporary credentials STS issues. Key ids never look like real AWS keys (no AKIA/ASIA prefix), so nothing mistakes
/// them for leaked secrets.
/// </summary>
internal sealed class CredentialStore
{
    /// <summary>The documented administrator key id (README "Local credentials").</summary>
    public const string AdminAccessKeyId = "AKIDLOCALSTACKADMIN";

    /// <summary>The documented administrator secret: local only, grants everything on the local stack.</summary>
    public const string AdminSecretAccessKey = "localstack-admin-secret-not-for-aws";

    public const string AdminArn = "arn:aws:iam::" + LocalAccount.AccountId + ":user/local-admin";

    private readonly ConcurrentDictionary<string, IssuedCredentials> _byKeyId = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;

    public CredentialStore(TimeProvider time)
    {
        _time = time;
        Add(new IssuedCredentials(AdminAccessKeyId, AdminSecretAccessKey, null, AdminArn, null, Rights.Administrator, null));
    }

    public void Add(IssuedCredentials credentials) => _byKeyId[credentials.AccessKeyId] = credentials;

    /// <summary>Creates temporary credentials for a session of <paramref name="role"/>.</summary>
    public IssuedCredentials IssueRoleSession(RoleDefinition role, string sessionName, PolicyDocument? sessionPolicy, TimeSpan duration)
    {
        var credentials = new IssuedCredentials(
            "LSIA" + RandomNumberGenerator.GetHexString(16),
            RandomNumberGenerator.GetHexString(40, lowercase: true),
            Convert.ToBase64String(RandomNumberGenerator.GetBytes(96)),
            LocalAccount.AssumedRoleArn(role.Name, sessionName),
            role.Name,
            new Rights(role.Policies, sessionPolicy),
            _time.GetUtcNow().Add(duration));
        Add(credentials);
        return credentials;
    }

    /// <summary>Finds credentials by key id; the reason says why not (unknown, expired, wrong token).</summary>
    public bool TryAuthenticate(string accessKeyId, string? sessionToken, out IssuedCredentials? credentials, out string reason)
    {
        reason = "";
        if (!_byKeyId.TryGetValue(accessKeyId, out credentials))
        {
            reason = "The security token included in the request is invalid (unknown access key).";
            return false;
        }

        if (credentials.Expiration is { } expiry && expiry <= _time.GetUtcNow())
        {
            reason = "The security token included in the request is expired.";
            credentials = null;
            return false;
        }

        if (credentials.SessionToken is not null &&
            !CryptographicOperations.FixedTimeEquals(
                System.Text.Encoding.UTF8.GetBytes(credentials.SessionToken), System.Text.Encoding.UTF8.GetBytes(sessionToken ?? "")))
        {
            reason = "The security token included in the request is invalid (session token missing or wrong).";
            credentials = null;
            return false;
        }

        return true;
    }
}
