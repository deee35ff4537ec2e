namespace Realtime.Aws;

/// <summary>The outcome of verifying a signed request; <see cref="Reason"/> never contains secrets.</summary>
/// <param name="Status">Valid, or why not.</param>
/// <param name="Reason">A human-readable explanation, safe to log.</param>
/// <param name="AccessKeyId">The access key id the request claimed, when it could be parsed.</param>
public sealed record SigV4VerificationResult(SigV4VerificationStatus Status, string Reason, string? AccessKeyId = null)
{
    /// <summary>True when <see cref="Status"/> is <see cref="SigV4VerificationStatus.Valid"/>.</summary>
    public bool IsValid => Status == SigV4VerificationStatus.Valid;
}
