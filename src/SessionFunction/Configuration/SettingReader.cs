using System.Globalization;
using System.Text.RegularExpressions;
using Realtime.Aws;
using Realtime.Channels;
using Realtime.Lambda;
using static SessionFunction.Configuration.EnvironmentNames;

namespace SessionFunction.Configuration;

/// <summary>Reads one setting at a time and fails with a message that names the variable and says how to fix it.</summary>
internal sealed partial class SettingReader(IEnvironmentVariables environment)
{
    // The presigner's bounds; AWS-NOTES: IoT appears to honour at most ~15 minutes whatever X-Amz-Expires says.
    private static readonly int MinUrlExpirySeconds = (int)IotWebSocketPresigner.MinExpiry.TotalSeconds;
    private static readonly int MaxUrlExpirySeconds = (int)IotWebSocketPresigner.MaxExpiry.TotalSeconds;

    public string Region()
    {
        string region = Required(EnvironmentNames.Region, "Lambda sets it; locally set it to e.g. us-east-1");
        return RegionPattern().IsMatch(region)
            ? region
            : throw Invalid(EnvironmentNames.Region, region, "expected a region name such as us-east-1");
    }

    public Uri IotEndpoint()
    {
        string? url = Optional(IotEndpointUrl);
        if (url is not null)
        {
            return EndpointFromUrl(url);
        }

        string host = Optional(IotHost)
            ?? throw new LambdaConfigurationException(
                $"{IotHost} is not set. Set it to your account's IoT data endpoint " +
                $"(aws iot describe-endpoint --endpoint-type iot:Data-ATS), or set {IotEndpointUrl} to a full URL.");
        // AWS-NOTES: the signed host must be lowercase; describe-endpoint used to print upper-case letters.
        if (!Uri.TryCreate($"wss://{host}/mqtt", UriKind.Absolute, out Uri? endpoint)
            || !string.Equals(endpoint.Authority, host, StringComparison.OrdinalIgnoreCase)
            || Uri.CheckHostName(endpoint.Host) == UriHostNameType.Unknown)
        {
            throw Invalid(IotHost, host, "expected a host name only, e.g. abc123-ats.iot.us-east-1.amazonaws.com (no scheme or path)");
        }

        return endpoint;
    }

    public TopicPrefix TopicPrefix()
    {
        string? value = Optional(EnvironmentNames.TopicPrefix);
        if (value is null)
        {
            return Realtime.Channels.TopicPrefix.Default;
        }

        return Realtime.Channels.TopicPrefix.TryParse(value, out TopicPrefix? prefix)
            ? prefix
            : throw Invalid(EnvironmentNames.TopicPrefix, value,
                $"expected 1 to {Realtime.Channels.TopicPrefix.MaxLength} characters of A-Z, a-z, 0-9, '_' or '-'");
    }

    public string? SharedTopic()
    {
        string? shared = Optional(EnvironmentNames.SharedTopic);
        return shared is null || ChannelTopics.IsValidSharedName(shared)
            ? shared
            : throw Invalid(EnvironmentNames.SharedTopic, shared,
                $"expected one topic level of 1 to {ChannelTopics.MaxSharedNameLength} characters of A-Z, a-z, 0-9, '_' or '-', " +
                $"other than '{ChannelTopics.SessionLevel}'");
    }

    public string AllowedOrigin()
    {
        string origin = Optional(EnvironmentNames.AllowedOrigin) ?? "*";
        bool valid = origin == "*"
            || (Uri.TryCreate(origin, UriKind.Absolute, out Uri? uri)
                && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
                && string.IsNullOrEmpty(uri.UserInfo)
                && string.Equals(uri.GetLeftPart(UriPartial.Authority), origin, StringComparison.OrdinalIgnoreCase));
        return valid
            ? origin
            : throw Invalid(EnvironmentNames.AllowedOrigin, origin, "expected * or an origin such as https://app.example.com (no path, no trailing slash)");
    }

    public TimeSpan UrlExpiry()
    {
        string? text = Optional(UrlExpirySeconds);
        if (text is null)
        {
            return SessionConfig.DefaultUrlExpiry;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int seconds)
            && seconds >= MinUrlExpirySeconds && seconds <= MaxUrlExpirySeconds
            ? TimeSpan.FromSeconds(seconds)
            : throw Invalid(UrlExpirySeconds, text, $"expected whole seconds from {MinUrlExpirySeconds} to {MaxUrlExpirySeconds}");
    }

    public ClientRoleArn? ClientRole()
    {
        string? value = Optional(EnvironmentNames.ClientRoleArn);
        if (value is null)
        {
            return null;
        }

        return ClientRoleArn.TryParse(value, out ClientRoleArn? arn)
            ? arn
            : throw Invalid(EnvironmentNames.ClientRoleArn, value, "expected an IAM role ARN such as arn:aws:iam::123456789012:role/browser-client");
    }

    public Uri? StsEndpoint()
    {
        string? value = Optional(StsEndpointUrl);
        if (value is null)
        {
            return null;
        }

        return Uri.TryCreate(value, UriKind.Absolute, out Uri? uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            ? uri
            : throw Invalid(StsEndpointUrl, value, "expected an http(s) URL");
    }

    public AwsCredentials FunctionCredentials()
    {
        const string Hint = "Lambda sets it from the execution role; locally export the credentials to sign with";
        Required(AccessKeyId, Hint);
        Required(SecretAccessKey, Hint);
        return AwsCredentials.FromEnvironment(environment.Get);
    }

    private Uri EndpointFromUrl(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out Uri? endpoint)
            || !string.IsNullOrEmpty(endpoint.Query) || !string.IsNullOrEmpty(endpoint.Fragment) || !string.IsNullOrEmpty(endpoint.UserInfo))
        {
            throw Invalid(IotEndpointUrl, url, "expected a URL such as wss://<host>/mqtt, without query or fragment");
        }

        if (endpoint.Scheme == "wss" || (endpoint.Scheme == "ws" && endpoint.IsLoopback))
        {
            return endpoint;
        }

        // A ws:// URL would send the presigned credentials in clear text: only a loopback broker (the local cloud) may use it.
        throw Invalid(IotEndpointUrl, url, endpoint.Scheme == "ws"
            ? "ws:// is only allowed for loopback hosts (127.0.0.1, ::1, localhost); use wss:// for anything else"
            : "expected a wss:// URL (or ws:// for a loopback host)");
    }

    private string Required(string name, string hint)
        => Optional(name) ?? throw new LambdaConfigurationException($"{name} is not set ({hint}).");

    private string? Optional(string name)
    {
        string? value = environment.Get(name)?.Trim();
        return string.IsNullOrEmpty(value) ? null : value;
    }

    private static LambdaConfigurationException Invalid(string name, string value, string expectation)
        => new($"{name} has an invalid value '{value}': {expectation}.");

    [GeneratedRegex("^[a-z]{2}(-[a-z0-9]+)+-[0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex RegionPattern();
}
