using Realtime.Aws;
using Realtime.Channels;
using Realtime.Lambda;

namespace ResponderFunction.Configuration;

/// <summary>The responder's settings, read once at init from the environment.</summary>
internal sealed record ResponderConfig
{
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

    /// <summary>Reads and validates every setting; throws <see cref="LambdaConfigurationException"/> naming the variable.</summary>
    public static ResponderConfig From(IEnvironmentVariables environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var settings = new EnvironmentSettings(environment);
        var config = new ResponderConfig
        {
            IotEndpoint = EnvironmentSettings.Read(() => IotEndpointSettings.FromEnvironment(environment.Get)),
            Region = settings.Region(),
            TopicPrefix = EnvironmentSettings.Read(() => TopicPrefix.FromEnvironment(environment.Get)),
            IdleTime = settings.Seconds(EnvironmentNames.SessionIdleSeconds, DefaultIdleTime, min: 1, max: 900),
            DeadlineMargin = settings.Seconds(EnvironmentNames.DeadlineMarginSeconds, DefaultDeadlineMargin, min: 1, max: 60),
            Credentials = () => AwsCredentials.FromEnvironment(environment.Get),
        };

        // Fail at init, not at the first connection, when the credentials are missing (the message names the variable).
        _ = EnvironmentSettings.Read(config.Credentials);
        return config;
    }
}
