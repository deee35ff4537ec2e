using Realtime.Aws;
using Realtime.Lambda;
using ResponderFunction.Configuration;

namespace ResponderFunction.Ownership;

/// <summary>
/// Settings of the channel lease (docs/responder.md, "One responder per channel"), read once at init. Without
/// LEASE_TABLE_NAME there is no lease: every trigger starts a session (a warning says so at init).
/// </summary>
internal sealed record LeaseConfig
{
    /// <summary>The DynamoDB table that holds one lease item per served channel (the template's LeaseTable).</summary>
    public const string TableNameVariable = "LEASE_TABLE_NAME";

    /// <summary>How long a lease lasts without renewal: the longest a crashed responder blocks its channel.</summary>
    public const string LeaseSecondsVariable = "LEASE_SECONDS";

    /// <summary>The SDKs' service-specific endpoint override; the local cloud points it at its DynamoDB emulation.</summary>
    public const string EndpointUrlVariable = "AWS_ENDPOINT_URL_DYNAMODB";

    /// <summary>LEASE_SECONDS when not set.</summary>
    public static readonly TimeSpan DefaultDuration = TimeSpan.FromSeconds(30);

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

    /// <summary>The settings, or null when LEASE_TABLE_NAME is not set; throws <see cref="LambdaConfigurationException"/> naming a bad variable.</summary>
    public static LeaseConfig? From(IEnvironmentVariables environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var settings = new EnvironmentSettings(environment);
        string? table = settings.Optional(TableNameVariable);
        if (table is null)
        {
            return null;
        }

        // DynamoDB table names: 3-255 characters of [a-zA-Z0-9_.-].
        if (table.Length is < 3 or > 255 || !table.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-'))
        {
            throw EnvironmentSettings.Invalid(TableNameVariable, table, "expected a DynamoDB table name (3-255 characters of A-Z, a-z, 0-9, '_', '.', '-')");
        }

        string region = settings.Region();
        return new LeaseConfig
        {
            TableName = table,
            Duration = settings.Seconds(LeaseSecondsVariable, DefaultDuration, min: 3, max: 300),
            Endpoint = ReadEndpoint(settings.Optional(EndpointUrlVariable), region),
            Region = region,
            Credentials = () => ResponderConfig.ReadCredentials(settings),
        };
    }

    private static Uri ReadEndpoint(string? url, string region)
    {
        if (url is null)
        {
            return new Uri($"https://dynamodb.{region}.amazonaws.com/");
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out Uri? endpoint) || !string.IsNullOrEmpty(endpoint.Query) || !string.IsNullOrEmpty(endpoint.UserInfo))
        {
            throw EnvironmentSettings.Invalid(EndpointUrlVariable, url, "expected a URL such as https://dynamodb.us-east-1.amazonaws.com");
        }

        // Signed requests in clear text only to this machine (the local cloud).
        if (endpoint.Scheme != Uri.UriSchemeHttps && !(endpoint.Scheme == Uri.UriSchemeHttp && endpoint.IsLoopback))
        {
            throw EnvironmentSettings.Invalid(EndpointUrlVariable, url, "expected https://, or http:// for a loopback host only");
        }

        return endpoint;
    }
}
