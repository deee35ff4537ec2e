using Realtime.Aws;
using Realtime.Channels;
using Realtime.Lambda;

namespace SessionFunction.Configuration;

/// <summary>The session function's settings, read once at init from the environment.</summary>
internal sealed record SessionConfig
{
    /// <summary>The default lifetime of a presigned URL (URL_EXPIRY_SECONDS).</summary>
    public static readonly TimeSpan DefaultUrlExpiry = TimeSpan.FromSeconds(300);

    /// <summary>Where browsers connect: <c>wss://&lt;host&gt;/mqtt</c>, or a loopback <c>ws://</c> URL locally.</summary>
    public required Uri IotEndpoint { get; init; }

    /// <summary>AWS_REGION: the signing region and the region in policy ARNs.</summary>
    public required string Region { get; init; }

    /// <summary>TOPIC_PREFIX, default <c>foobar</c>.</summary>
    public required TopicPrefix TopicPrefix { get; init; }

    /// <summary>ALLOWED_ORIGIN for Access-Control-Allow-Origin, default <c>*</c>.</summary>
    public required string AllowedOrigin { get; init; }

    /// <summary>SHARED_TOPIC: the last segment of the shared demo topic, or null when there is none.</summary>
    public string? SharedTopic { get; init; }

    /// <summary>URL_EXPIRY_SECONDS: the X-Amz-Expires of issued URLs (clamped to the credentials' lifetime).</summary>
    public required TimeSpan UrlExpiry { get; init; }

    /// <summary>CLIENT_ROLE_ARN: the role browsers get scoped credentials for; null means unscoped (insecure) mode.</summary>
    public ClientRoleArn? ClientRole { get; init; }

    /// <summary>AWS_ENDPOINT_URL_STS: an STS endpoint override (tests and the local cloud), or null for the regional one.</summary>
    public Uri? StsEndpoint { get; init; }

    /// <summary>The function's own credentials (AWS_ACCESS_KEY_ID etc.): they call STS, or sign URLs without a client role.</summary>
    public required AwsCredentials FunctionCredentials { get; init; }

    /// <summary>Reads and validates every setting; throws <see cref="LambdaConfigurationException"/> naming the variable.</summary>
    public static SessionConfig From(IEnvironmentVariables environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var reader = new SettingReader(environment);
        string region = reader.Region();
        return new SessionConfig
        {
            IotEndpoint = reader.IotEndpoint(),
            Region = region,
            TopicPrefix = reader.TopicPrefix(),
            AllowedOrigin = reader.AllowedOrigin(),
            SharedTopic = reader.SharedTopic(),
            UrlExpiry = reader.UrlExpiry(),
            ClientRole = reader.ClientRole(),
            StsEndpoint = reader.StsEndpoint(),
            FunctionCredentials = reader.FunctionCredentials(),
        };
    }
}
