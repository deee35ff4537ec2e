using Realtime.Aws;
using Realtime.Channels;
using Realtime.Lambda;
using Realtime.Shared;

namespace SessionFunction.Configuration;

/// <summary>
/// The session function's settings, read once at init. This is the only code of the function that reads the environment:
/// every variable it reads is named here (and listed in <see cref="Variables"/>, which the deployment tests check against
/// docs/session.md and serverless.template). Every failure is a <see cref="LambdaConfigurationException"/> naming the variable.
/// </summary>
internal sealed record SessionConfig
{
    public const string ClientRoleArnVariable = "CLIENT_ROLE_ARN";
    public const string AllowedOriginVariable = "ALLOWED_ORIGIN";
    public const string SharedTopicVariable = "SHARED_TOPIC";
    public const string UrlExpirySecondsVariable = "URL_EXPIRY_SECONDS";
    public const string StsEndpointUrlVariable = "AWS_ENDPOINT_URL_STS";

    /// <summary>Every variable <see cref="From"/> reads: the ones both functions read (<see cref="SharedFunctionSettings"/>) and its own.</summary>
    public static readonly IReadOnlyList<string> Variables =
    [
        .. SharedFunctionSettings.Variables,
        ClientRoleArnVariable, AllowedOriginVariable, SharedTopicVariable, UrlExpirySecondsVariable, StsEndpointUrlVariable,
    ];

    /// <summary>The default lifetime of a presigned URL (URL_EXPIRY_SECONDS).</summary>
    public static readonly TimeSpan DefaultUrlExpiry = TimeSpan.FromSeconds(300);

    // The presigner's bounds; IoT appears to honour at most ~15 minutes whatever X-Amz-Expires says (docs/session.md).
    private static readonly int MinUrlExpirySeconds = (int)IotWebSocketPresigner.MinExpiry.TotalSeconds;
    private static readonly int MaxUrlExpirySeconds = (int)IotWebSocketPresigner.MaxExpiry.TotalSeconds;

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
        var settings = new EnvironmentSettings(environment);
        return new SessionConfig
        {
            IotEndpoint = settings.ReadIotEndpoint(),
            Region = settings.Region(),
            TopicPrefix = settings.ReadTopicPrefix(),
            AllowedOrigin = settings.Optional(AllowedOriginVariable, ParseOrigin) ?? "*",
            SharedTopic = settings.Optional(SharedTopicVariable, ParseSharedTopic),
            UrlExpiry = settings.Seconds(UrlExpirySecondsVariable, DefaultUrlExpiry, MinUrlExpirySeconds, MaxUrlExpirySeconds),
            ClientRole = settings.Optional(ClientRoleArnVariable, value => ClientRoleArn.TryParse(value, out ClientRoleArn? arn)
                ? arn!
                : throw new FormatException("expected an IAM role ARN such as arn:aws:iam::123456789012:role/browser-client")),
            StsEndpoint = settings.Optional(StsEndpointUrlVariable, ParseHttpUrl),
            FunctionCredentials = settings.ReadFunctionCredentials(),
        };
    }

    private static string ParseSharedTopic(string value) => ChannelTopics.IsValidSharedName(value)
        ? value
        : throw new FormatException(
            $"expected one topic level of 1 to {ChannelTopics.MaxSharedNameLength} characters of A-Z, a-z, 0-9, '_' or '-', " +
            $"other than '{ChannelTopics.SessionLevel}'");

    private static string ParseOrigin(string origin)
    {
        bool valid = origin == "*"
            || (Uri.TryCreate(origin, UriKind.Absolute, out Uri? uri)
                && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
                && string.IsNullOrEmpty(uri.UserInfo)
                && string.Equals(uri.GetLeftPart(UriPartial.Authority), origin, StringComparison.OrdinalIgnoreCase));
        return valid ? origin : throw new FormatException("expected * or an origin such as https://app.example.com (no path, no trailing slash)");
    }

    private static Uri ParseHttpUrl(string value)
        => Uri.TryCreate(value, UriKind.Absolute, out Uri? uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            ? uri
            : throw new FormatException("expected an http(s) URL");
}
