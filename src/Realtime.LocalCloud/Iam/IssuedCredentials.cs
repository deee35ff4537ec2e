namespace Realtime.LocalCloud.Iam;

/// <summary>
/// A key pair the local cloud knows: who it belongs to (<see cref="PrincipalArn"/>, and the role for role sessions), what it
/// may do, and until when. Temporary credentials carry a session token that every request must present.
/// </summary>
internal sealed record IssuedCredentials(
    string AccessKeyId,
    string SecretAccessKey,
    string? SessionToken,
    string PrincipalArn,
    string? RoleName,
    Rights Rights,
    DateTimeOffset? Expiration)
{
    public override string ToString() => $"{AccessKeyId} ({PrincipalArn})";
}
