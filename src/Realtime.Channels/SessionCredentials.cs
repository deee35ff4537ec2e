namespace Realtime.Channels;

/// <summary>
/// The channel-scoped temporary credentials a session's URL was signed with. The client signs <c>POST /renew</c> with
/// them; they can do nothing but use this one channel and renew it. Secrets: never log them.
/// </summary>
/// <param name="AccessKeyId">The temporary access key id.</param>
/// <param name="SecretAccessKey">The secret key (a secret).</param>
/// <param name="SessionToken">The session token (a secret).</param>
/// <param name="Expiration">When they stop working, ISO-8601 UTC: after it the channel can no longer be renewed.</param>
public sealed record SessionCredentials(string AccessKeyId, string SecretAccessKey, string SessionToken, string Expiration)
{
    /// <summary>Shows the key id and expiry only; the secret key and token print as REDACTED.</summary>
    public override string ToString() =>
        $"SessionCredentials {{ AccessKeyId = {AccessKeyId}, SecretAccessKey = REDACTED, SessionToken = REDACTED, Expiration = {Expiration} }}";
}
