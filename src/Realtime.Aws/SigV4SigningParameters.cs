namespace Realtime.Aws;

/// <summary>Who signs, for which region and service, at what time, and with which canonicalisation rules.</summary>
/// <param name="Credentials">The credentials to sign with.</param>
/// <param name="Region">The region, e.g. us-east-1.</param>
/// <param name="Service">The signing name of the service, e.g. iotdevicegateway or iotdata.</param>
/// <param name="SigningTime">The signing time; it is used in UTC and truncated to whole seconds.</param>
public sealed record SigV4SigningParameters(AwsCredentials Credentials, string Region, string Service, DateTimeOffset SigningTime)
{
    /// <summary>Remove dot segments and duplicate slashes from the path before signing (true for all services but S3).</summary>
    public bool NormalizePath { get; init; } = true;

    /// <summary>URI-encode the (already encoded) request path again, as all services but S3 require.</summary>
    public bool DoubleEncodePath { get; init; } = true;

    /// <summary>Whether the session token is signed (default) or only sent (AWS IoT wss URLs).</summary>
    public SigV4SessionTokenMode SessionTokenMode { get; init; } = SigV4SessionTokenMode.Signed;

    /// <summary>Header signing only: add and sign x-amz-content-sha256 with the payload hash (S3 style).</summary>
    public bool AddContentSha256Header { get; init; }
}
