using Realtime.Aws;
using Realtime.Channels;
using Realtime.Lambda;
using static SessionFunction.Configuration.EnvironmentNames;

namespace SessionFunction.Configuration;

/// <summary>
/// Reads the session function's own settings; the ones it shares with the responder (AWS_REGION, the IoT endpoint,
/// TOPIC_PREFIX, the credentials) come from the shared readers. Every failure names the variable and says how to fix it.
/// </summary>
internal sealed class SettingReader(IEnvironmentVariables environment)
{
    // The presigner's bounds; docs/aws-facts.md#iot-websocket-urls: IoT appears to honour at most ~15 minutes whatever X-Amz-Expires says.
    private static readonly int MinUrlExpirySeconds = (int)IotWebSocketPresigner.MinExpiry.TotalSeconds;
    private static readonly int MaxUrlExpirySeconds = (int)IotWebSocketPresigner.MaxExpiry.TotalSeconds;

    private readonly EnvironmentSettings _settings = new(environment);

    public string Region() => _settings.Region();

    public Uri IotEndpoint() => EnvironmentSettings.Read(() => IotEndpointSettings.FromEnvironment(environment.Get));

    public TopicPrefix TopicPrefix() => EnvironmentSettings.Read(() => Realtime.Channels.TopicPrefix.FromEnvironment(environment.Get));

    public AwsCredentials FunctionCredentials() => EnvironmentSettings.Read(() => AwsCredentials.FromEnvironment(environment.Get));

    public string? SharedTopic()
    {
        string? shared = _settings.Optional(EnvironmentNames.SharedTopic);
        return shared is null || ChannelTopics.IsValidSharedName(shared)
            ? shared
            : throw EnvironmentSettings.Invalid(EnvironmentNames.SharedTopic, shared,
                $"expected one topic level of 1 to {ChannelTopics.MaxSharedNameLength} characters of A-Z, a-z, 0-9, '_' or '-', " +
                $"other than '{ChannelTopics.SessionLevel}'");
    }

    public string AllowedOrigin()
    {
        string origin = _settings.Optional(EnvironmentNames.AllowedOrigin) ?? "*";
        bool valid = origin == "*"
            || (Uri.TryCreate(origin, UriKind.Absolute, out Uri? uri)
                && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
                && string.IsNullOrEmpty(uri.UserInfo)
                && string.Equals(uri.GetLeftPart(UriPartial.Authority), origin, StringComparison.OrdinalIgnoreCase));
        return valid
            ? origin
            : throw EnvironmentSettings.Invalid(EnvironmentNames.AllowedOrigin, origin,
                "expected * or an origin such as https://app.example.com (no path, no trailing slash)");
    }

    public TimeSpan UrlExpiry()
        => _settings.Seconds(UrlExpirySeconds, SessionConfig.DefaultUrlExpiry, MinUrlExpirySeconds, MaxUrlExpirySeconds);

    public ClientRoleArn? ClientRole()
    {
        string? value = _settings.Optional(EnvironmentNames.ClientRoleArn);
        if (value is null)
        {
            return null;
        }

        return ClientRoleArn.TryParse(value, out ClientRoleArn? arn)
            ? arn
            : throw EnvironmentSettings.Invalid(EnvironmentNames.ClientRoleArn, value,
                "expected an IAM role ARN such as arn:aws:iam::123456789012:role/browser-client");
    }

    public Uri? StsEndpoint()
    {
        string? value = _settings.Optional(StsEndpointUrl);
        if (value is null)
        {
            return null;
        }

        return Uri.TryCreate(value, UriKind.Absolute, out Uri? uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            ? uri
            : throw EnvironmentSettings.Invalid(StsEndpointUrl, value, "expected an http(s) URL");
    }
}
