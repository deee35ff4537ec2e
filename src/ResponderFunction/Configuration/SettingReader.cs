using System.Globalization;
using System.Net;
using Realtime.Aws;
using Realtime.Channels;
using Realtime.Lambda;
using static ResponderFunction.Configuration.EnvironmentNames;

namespace ResponderFunction.Configuration;

/// <summary>Reads one setting at a time and fails with a message that names the variable and says how to fix it.</summary>
internal sealed class SettingReader(IEnvironmentVariables environment)
{
    public string Region()
    {
        string region = Optional(EnvironmentNames.Region)
            ?? throw new LambdaConfigurationException($"{EnvironmentNames.Region} is not set. Lambda sets it; locally set it to e.g. us-east-1.");
        bool valid = region.Length <= 32 && region.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-');
        return valid ? region : throw Invalid(EnvironmentNames.Region, region, "expected a region name such as us-east-1");
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

        // AWS-NOTES: the host is signed lowercase; Uri lowercases it, so an upper-case AWS_IOT_HOST still works.
        return Uri.TryCreate($"wss://{host}/mqtt", UriKind.Absolute, out Uri? endpoint)
            && string.Equals(endpoint.Authority, host, StringComparison.OrdinalIgnoreCase)
            && Uri.CheckHostName(endpoint.Host) != UriHostNameType.Unknown
                ? endpoint
                : throw Invalid(IotHost, host, "expected a host name only, e.g. abc123-ats.iot.us-east-1.amazonaws.com (no scheme or path)");
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

    public TimeSpan Seconds(string name, TimeSpan fallback, int min, int max)
    {
        string? text = Optional(name);
        if (text is null)
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int seconds) && seconds >= min && seconds <= max
            ? TimeSpan.FromSeconds(seconds)
            : throw Invalid(name, text, $"expected whole seconds from {min} to {max}");
    }

    public void CheckCredentials(Func<AwsCredentials> credentials)
    {
        try
        {
            _ = credentials();
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException)
        {
            // The message names the variable (AWS_ACCESS_KEY_ID or AWS_SECRET_ACCESS_KEY) and never a value.
            throw new LambdaConfigurationException(ex.Message, ex);
        }
    }

    private static Uri EndpointFromUrl(string url)
    {
        const string expected = "expected wss://<host>/mqtt, or ws://127.0.0.1:<port>/mqtt for a local broker";
        if (!Uri.TryCreate(url, UriKind.Absolute, out Uri? endpoint)
            || (endpoint.Scheme != "wss" && endpoint.Scheme != "ws")
            || !string.IsNullOrEmpty(endpoint.Query)
            || !string.IsNullOrEmpty(endpoint.UserInfo))
        {
            throw Invalid(IotEndpointUrl, url, expected);
        }

        // Plain ws:// would send the presigned URL (a bearer credential) in clear text: only for a broker on this machine.
        if (endpoint.Scheme == "ws" && !IsLoopback(endpoint))
        {
            throw Invalid(IotEndpointUrl, url, "ws:// (unencrypted) is only allowed for a loopback host; use wss:// otherwise");
        }

        return endpoint.AbsolutePath == "/" ? new Uri(endpoint, "/mqtt") : endpoint;
    }

    private static bool IsLoopback(Uri endpoint)
        => endpoint.IsLoopback || (IPAddress.TryParse(endpoint.Host.Trim('[', ']'), out IPAddress? address) && IPAddress.IsLoopback(address));

    private string? Optional(string name)
    {
        string? value = environment.Get(name);
        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }

    private static LambdaConfigurationException Invalid(string name, string value, string expected)
        => new($"{name} is invalid ('{(value.Length > 80 ? value[..80] + "…" : value)}'): {expected}.");
}
