using System.Text.Json;
using Realtime.LocalCloud.Iam;
using Realtime.LocalCloud.Sam;

namespace Realtime.LocalCloud.Auth;

/// <summary>
/// The caller of an IAM-authorized HTTP API route, as API Gateway describes it in <c>requestContext.authorizer.iam</c>
/// of a payload 2.0 event: access key, account, caller and user ids, the principal's ARN (for a role session
/// <c>arn:aws:sts::&lt;account&gt;:assumed-role/&lt;role&gt;/&lt;session name&gt;</c>), and null Cognito and organization fields.
/// </summary>
internal sealed record IamCaller(string AccessKey, string AccountId, string CallerId, string UserArn, string UserId)
{
    public static IamCaller From(IssuedCredentials credentials)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        // Role sessions: "<role id>:<session name>" as STS reports AssumedRoleId; users: their unique id.
        string userId = credentials.RoleName is { } role
            ? $"AROALOCAL{role.ToUpperInvariant()}:{credentials.PrincipalArn[(credentials.PrincipalArn.LastIndexOf('/') + 1)..]}"
            : "AIDALOCAL" + credentials.PrincipalArn[(credentials.PrincipalArn.LastIndexOf('/') + 1)..].ToUpperInvariant();
        return new IamCaller(credentials.AccessKeyId, LocalAccount.AccountId, userId, credentials.PrincipalArn, userId);
    }

    /// <summary>Writes <c>"authorizer": {"iam": {...}}</c> into the open requestContext object.</summary>
    public void WriteAuthorizer(Utf8JsonWriter json)
    {
        ArgumentNullException.ThrowIfNull(json);
        json.WriteStartObject("authorizer");
        json.WriteStartObject("iam");
        json.WriteString("accessKey", AccessKey);
        json.WriteString("accountId", AccountId);
        json.WriteString("callerId", CallerId);
        json.WriteNull("cognitoIdentity");
        json.WriteNull("principalOrgId");
        json.WriteString("userArn", UserArn);
        json.WriteString("userId", UserId);
        json.WriteEndObject();
        json.WriteEndObject();
    }
}
