using Realtime.Aws;

namespace ResponderFunction.Ownership;

/// <summary>
/// Settings of the channel lease (docs/responder.md, "One responder per channel"), as <see cref="Configuration.ResponderConfig"/>
/// read them at init. Without LEASE_TABLE_NAME there is none: every trigger starts a session (a warning says so at init).
/// </summary>
internal sealed record LeaseConfig
{
    /// <summary>LEASE_TABLE_NAME.</summary>
    public required string TableName { get; init; }

    /// <summary>LEASE_SECONDS (3–300): the lease is renewed every third of it.</summary>
    public required TimeSpan Duration { get; init; }

    /// <summary>https://dynamodb.&lt;region&gt;.amazonaws.com/, or AWS_ENDPOINT_URL_DYNAMODB (http:// only on loopback).</summary>
    public required Uri Endpoint { get; init; }

    /// <summary>AWS_REGION, the signing region.</summary>
    public required string Region { get; init; }

    /// <summary>The function's credentials, read afresh for every request.</summary>
    public required Func<AwsCredentials> Credentials { get; init; }
}
