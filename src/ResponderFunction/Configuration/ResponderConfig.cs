using Realtime.Aws;
using Realtime.Channels;
using Realtime.Lambda;
using Realtime.Shared;
using ResponderFunction.Ownership;

namespace ResponderFunction.Configuration;

/// <summary>
/// The responder's settings, read once at init. This is the only code of the function that reads the environment: every
/// variable it reads is named here (and listed in <see cref="Variables"/>, which the deployment tests check against
/// docs/responder.md and serverless.template). Failures are <see cref="LambdaConfigurationException"/>s naming the variable.
/// </summary>
internal sealed record ResponderConfig
{
    public const string SessionIdleSecondsVariable = "SESSION_IDLE_SECONDS";
    public const string DeadlineMarginSecondsVariable = "DEADLINE_MARGIN_SECONDS";

    /// <summary>The DynamoDB table that holds one lease item per served channel (the template's LeaseTable); unset means no lease.</summary>
    public const string LeaseTableNameVariable = "LEASE_TABLE_NAME";

    /// <summary>How long a lease lasts without renewal: the longest a crashed responder blocks its channel.</summary>
    public const string LeaseSecondsVariable = "LEASE_SECONDS";

    /// <summary>The SDKs' service-specific endpoint override; the local cloud points it at its DynamoDB emulation.</summary>
    public const string DynamoDbEndpointUrlVariable = "AWS_ENDPOINT_URL_DYNAMODB";

    /// <summary>Every variable <see cref="From"/> reads: the ones both functions read (<see cref="SharedFunctionSettings"/>) and its own.</summary>
    public static readonly IReadOnlyList<string> Variables =
    [
        .. SharedFunctionSettings.Variables,
        SessionIdleSecondsVariable, DeadlineMarginSecondsVariable, LeaseTableNameVariable, LeaseSecondsVariable, DynamoDbEndpointUrlVariable,
    ];

    /// <summary>SESSION_IDLE_SECONDS when not set.</summary>
    public static readonly TimeSpan DefaultIdleTime = TimeSpan.FromSeconds(30);

    /// <summary>DEADLINE_MARGIN_SECONDS when not set.</summary>
    public static readonly TimeSpan DefaultDeadlineMargin = TimeSpan.FromSeconds(5);

    /// <summary>LEASE_SECONDS when not set.</summary>
    public static readonly TimeSpan DefaultLeaseDuration = TimeSpan.FromSeconds(30);

    /// <summary>The broker: <c>wss://&lt;AWS_IOT_HOST&gt;/mqtt</c>, or AWS_IOT_ENDPOINT_URL (ws:// only on loopback).</summary>
    public required Uri IotEndpoint { get; init; }

    /// <summary>AWS_REGION, the signing region.</summary>
    public required string Region { get; init; }

    /// <summary>TOPIC_PREFIX, default <c>foobar</c>.</summary>
    public required TopicPrefix TopicPrefix { get; init; }

    /// <summary>SESSION_IDLE_SECONDS: the session ends after this long without a request.</summary>
    public required TimeSpan IdleTime { get; init; }

    /// <summary>DEADLINE_MARGIN_SECONDS: the session ends this long before the invocation's deadline.</summary>
    public required TimeSpan DeadlineMargin { get; init; }

    /// <summary>
    /// Reads the function's credentials (AWS_ACCESS_KEY_ID etc.) afresh for every connection, so each presigned URL uses the
    /// credentials Lambda currently provides.
    /// </summary>
    public required Func<AwsCredentials> Credentials { get; init; }

    /// <summary>The channel lease's settings (LEASE_TABLE_NAME, LEASE_SECONDS, AWS_ENDPOINT_URL_DYNAMODB), or null without a table.</summary>
    public LeaseConfig? Lease { get; init; }

    /// <summary>Reads and validates every setting; throws <see cref="LambdaConfigurationException"/> naming the variable.</summary>
    public static ResponderConfig From(IEnvironmentVariables environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var settings = new EnvironmentSettings(environment);
        Func<AwsCredentials> credentials = settings.ReadFunctionCredentials;
        var config = new ResponderConfig
        {
            IotEndpoint = settings.ReadIotEndpoint(),
            Region = settings.Region(),
            TopicPrefix = settings.ReadTopicPrefix(),
            IdleTime = settings.Seconds(SessionIdleSecondsVariable, DefaultIdleTime, min: 1, max: 900),
            DeadlineMargin = settings.Seconds(DeadlineMarginSecondsVariable, DefaultDeadlineMargin, min: 1, max: 60),
            Credentials = credentials,
            Lease = ReadLease(settings, credentials),
        };

        // Fail at init, not at the first connection, when the credentials are missing (the message names the variable).
        _ = config.Credentials();
        return config;
    }

    /// <summary>The lease settings, or null when LEASE_TABLE_NAME is not set.</summary>
    private static LeaseConfig? ReadLease(EnvironmentSettings settings, Func<AwsCredentials> credentials)
    {
        string? table = settings.Optional(LeaseTableNameVariable);
        if (table is null)
        {
            return null;
        }

        // DynamoDB table names: 3-255 characters of [a-zA-Z0-9_.-].
        if (table.Length is < 3 or > 255 || !table.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-'))
        {
            throw EnvironmentSettings.Invalid(LeaseTableNameVariable, table, "expected a DynamoDB table name (3-255 characters of A-Z, a-z, 0-9, '_', '.', '-')");
        }

        string region = settings.Region();
        return new LeaseConfig
        {
            TableName = table,
            Duration = settings.Seconds(LeaseSecondsVariable, DefaultLeaseDuration, min: 3, max: 300),
            Endpoint = ReadDynamoDbEndpoint(settings.Optional(DynamoDbEndpointUrlVariable), region),
            Region = region,
            Credentials = credentials,
        };
    }

    private static Uri ReadDynamoDbEndpoint(string? url, string region)
    {
        if (url is null)
        {
            return new Uri($"https://dynamodb.{region}.amazonaws.com/");
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out Uri? endpoint) || !string.IsNullOrEmpty(endpoint.Query) || !string.IsNullOrEmpty(endpoint.UserInfo))
        {
            throw EnvironmentSettings.Invalid(DynamoDbEndpointUrlVariable, url, "expected a URL such as https://dynamodb.us-east-1.amazonaws.com");
        }

        // Signed requests in clear text only to this machine (the local cloud).
        if (endpoint.Scheme != Uri.UriSchemeHttps && !(endpoint.Scheme == Uri.UriSchemeHttp && endpoint.IsLoopback))
        {
            throw EnvironmentSettings.Invalid(DynamoDbEndpointUrlVariable, url, "expected https://, or http:// for a loopback host only");
        }

        return endpoint;
    }
}
