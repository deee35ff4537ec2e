namespace Realtime.Aws;

/// <summary>What a verifier expects of incoming requests.</summary>
/// <param name="Service">The signing name requests must use: iotdevicegateway for /mqtt, iotdata for POST /topics/...</param>
public sealed record SigV4VerifierOptions(string Service)
{
    /// <summary>The region requests must be scoped to; null accepts any.</summary>
    public string? Region { get; init; }

    /// <summary>
    /// Whether the session token must be signed (Signed, what the AWS CLI does for iotdata) or excluded from the
    /// signature (Unsigned, the IoT wss rule). A token signed where it must not be fails, as on AWS.
    /// </summary>
    public SigV4SessionTokenMode SessionTokenMode { get; init; } = SigV4SessionTokenMode.Signed;

    /// <summary>How far X-Amz-Date may be from now (AWS allows 15 minutes).</summary>
    public TimeSpan AllowedClockSkew { get; init; } = TimeSpan.FromMinutes(15);
}
