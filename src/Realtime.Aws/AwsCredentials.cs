namespace Realtime.Aws;

/// <summary>AWS credentials for signing; <see cref="ToString"/> never prints the secret key or the session token.</summary>
/// <param name="AccessKeyId">The access key id (an identifier, not a secret).</param>
/// <param name="SecretAccessKey">The secret access key.</param>
/// <param name="SessionToken">The session token of temporary credentials, or null.</param>
public sealed record AwsCredentials(string AccessKeyId, string SecretAccessKey, string? SessionToken = null)
{
    /// <summary>The access key id (an identifier, not a secret).</summary>
    public string AccessKeyId { get; init; } = RequireValue(AccessKeyId, nameof(AccessKeyId));

    /// <summary>The secret access key.</summary>
    public string SecretAccessKey { get; init; } = RequireValue(SecretAccessKey, nameof(SecretAccessKey));

    /// <summary>The session token of temporary credentials, or null (an empty token counts as none).</summary>
    public string? SessionToken { get; init; } = string.IsNullOrEmpty(SessionToken) ? null : SessionToken;

    /// <summary>Shows the access key id and whether a token is present; secrets are printed as REDACTED.</summary>
    public override string ToString() =>
        $"AwsCredentials {{ AccessKeyId = {AccessKeyId}, SecretAccessKey = {SecretRedactor.Redacted}, SessionToken = {(SessionToken is null ? "none" : SecretRedactor.Redacted)} }}";

    private static string RequireValue(string value, string name) =>
        string.IsNullOrWhiteSpace(value) ? throw new ArgumentException($"{name} must not be empty.", name) : value;
}
