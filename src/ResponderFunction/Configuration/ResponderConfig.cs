using Realtime.Aws;
using Realtime.Channels;
using Realtime.Lambda;
using ResponderFunction.Ownership;

namespace ResponderFunction.Configuration;

/// <summary>
/// The responder's settings, read once at init. Every variable the function reads is named here and listed in
/// <see cref="Variables"/> (the channel lease's three are read by <see cref="LeaseConfig.From"/>), which the deployment tests
/// check against docs/responder.md and serverless.template. Failures are <see cref="LambdaConfigurationException"/>s naming the variable.
/// </summary>
internal sealed record ResponderConfig
{
    public const string IotHostVariable = "AWS_IOT_HOST";
    public const string IotEndpointUrlVariable = "AWS_IOT_ENDPOINT_URL";
    public const string RegionVariable = EnvironmentSettings.RegionVariable;
    public const string TopicPrefixVariable = "TOPIC_PREFIX";
    public const string SessionIdleSecondsVariable = "SESSION_IDLE_SECONDS";
    public const string DeadlineMarginSecondsVariable = "DEADLINE_MARGIN_SECONDS";
    public const string AccessKeyIdVariable = "AWS_ACCESS_KEY_ID";
    public const string SecretAccessKeyVariable = "AWS_SECRET_ACCESS_KEY";
    public const string SessionTokenVariable = "AWS_SESSION_TOKEN";

    /// <summary>Every variable the responder reads.</summary>
    public static readonly IReadOnlyList<string> Variables =
    [
        IotHostVariable, IotEndpointUrlVariable, RegionVariable, TopicPrefixVariable, SessionIdleSecondsVariable,
        DeadlineMarginSecondsVariable, AccessKeyIdVariable, SecretAccessKeyVariable, SessionTokenVariable,
        LeaseConfig.TableNameVariable, LeaseConfig.LeaseSecondsVariable, LeaseConfig.EndpointUrlVariable,
    ];

    private const string CredentialsHint =
        "it is required to sign AWS requests; Lambda sets it from the execution role, locally export the credentials to sign with";

    /// <summary>SESSION_IDLE_SECONDS when not set.</summary>
    public static readonly TimeSpan DefaultIdleTime = TimeSpan.FromSeconds(30);

    /// <summary>DEADLINE_MARGIN_SECONDS when not set.</summary>
    public static readonly TimeSpan DefaultDeadlineMargin = TimeSpan.FromSeconds(5);

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

    /// <summary>The channel lease's settings (LEASE_TABLE_NAME etc., read by <see cref="LeaseConfig.From"/>), or null without a table.</summary>
    public LeaseConfig? Lease { get; init; }

    /// <summary>Reads and validates every setting; throws <see cref="LambdaConfigurationException"/> naming the variable.</summary>
    public static ResponderConfig From(IEnvironmentVariables environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var settings = new EnvironmentSettings(environment);
        var config = new ResponderConfig
        {
            IotEndpoint = settings.Optional(IotEndpointUrlVariable, IotEndpointSettings.FromUrl)
                ?? settings.Optional(IotHostVariable, IotEndpointSettings.FromHost)
                ?? throw new LambdaConfigurationException(
                    $"{IotHostVariable} is not set. Set it to your account's IoT data endpoint " +
                    $"(aws iot describe-endpoint --endpoint-type iot:Data-ATS), or set {IotEndpointUrlVariable} to a full URL."),
            Region = settings.Region(),
            TopicPrefix = settings.Optional(TopicPrefixVariable, value => TopicPrefix.TryParse(value, out TopicPrefix? prefix)
                ? prefix
                : throw new FormatException($"expected 1 to {TopicPrefix.MaxLength} characters of A-Z, a-z, 0-9, '_' or '-'"))
                ?? TopicPrefix.Default,
            IdleTime = settings.Seconds(SessionIdleSecondsVariable, DefaultIdleTime, min: 1, max: 900),
            DeadlineMargin = settings.Seconds(DeadlineMarginSecondsVariable, DefaultDeadlineMargin, min: 1, max: 60),
            Credentials = () => ReadCredentials(settings),
            Lease = LeaseConfig.From(environment),
        };

        // Fail at init, not at the first connection, when the credentials are missing (the message names the variable).
        _ = config.Credentials();
        return config;
    }

    /// <summary>The function's credentials as Lambda currently provides them (read again for every connection and request).</summary>
    public static AwsCredentials ReadCredentials(EnvironmentSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new AwsCredentials(
            settings.Required(AccessKeyIdVariable, CredentialsHint),
            settings.Required(SecretAccessKeyVariable, CredentialsHint),
            settings.Optional(SessionTokenVariable));
    }
}
