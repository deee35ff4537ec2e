using System.Net;

namespace Realtime.Aws;

/// <summary>
/// Reads the IoT WebSocket endpoint a function connects or points browsers to: AWS_IOT_ENDPOINT_URL when set (tests and the
/// local cloud), else <c>wss://&lt;AWS_IOT_HOST&gt;/mqtt</c>.
/// </summary>
public static class IotEndpointSettings
{
    /// <summary>The account's IoT data endpoint host name (aws iot describe-endpoint --endpoint-type iot:Data-ATS).</summary>
    public const string HostVariable = "AWS_IOT_HOST";

    /// <summary>A full endpoint URL that wins over <see cref="HostVariable"/>; ws:// is only accepted for a loopback host.</summary>
    public const string UrlVariable = "AWS_IOT_ENDPOINT_URL";

    private const int MaxQuotedLength = 80;

    /// <summary>The endpoint, read through <paramref name="get"/> (e.g. an environment lookup).</summary>
    /// <exception cref="InvalidOperationException">Neither variable is set, or the value is invalid; the message names the variable.</exception>
    public static Uri FromEnvironment(Func<string, string?> get)
    {
        ArgumentNullException.ThrowIfNull(get);
        string? url = Optional(get, UrlVariable);
        if (url is not null)
        {
            return FromUrl(url);
        }

        string host = Optional(get, HostVariable)
            ?? throw new InvalidOperationException(
                $"{HostVariable} is not set. Set it to your account's IoT data endpoint " +
                $"(aws iot describe-endpoint --endpoint-type iot:Data-ATS), or set {UrlVariable} to a full URL.");
        return FromHost(host);
    }

    private static Uri FromHost(string host)
    {
        // docs/aws-facts.md#iot-websocket-urls: the signed host must be lowercase; Uri lowercases it, so an upper-case AWS_IOT_HOST (as describe-endpoint
        // used to print) still works.
        return Uri.TryCreate($"wss://{host}/mqtt", UriKind.Absolute, out Uri? endpoint)
            && string.Equals(endpoint.Authority, host, StringComparison.OrdinalIgnoreCase)
            && Uri.CheckHostName(endpoint.Host) != UriHostNameType.Unknown
                ? endpoint
                : throw Invalid(HostVariable, host, "expected a host name only, e.g. abc123-ats.iot.us-east-1.amazonaws.com (no scheme or path)");
    }

    private static Uri FromUrl(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out Uri? endpoint)
            || !string.IsNullOrEmpty(endpoint.Query) || !string.IsNullOrEmpty(endpoint.Fragment) || !string.IsNullOrEmpty(endpoint.UserInfo))
        {
            throw Invalid(UrlVariable, url, "expected a URL such as wss://<host>/mqtt, without query or fragment");
        }

        // A ws:// URL would send the presigned URL (a bearer credential) in clear text: only a broker on this machine may use it.
        if (endpoint.Scheme != "wss" && !(endpoint.Scheme == "ws" && IsLoopback(endpoint)))
        {
            throw Invalid(UrlVariable, url, endpoint.Scheme == "ws"
                ? "ws:// is only allowed for loopback hosts (127.0.0.1, ::1, localhost); use wss:// for anything else"
                : "expected a wss:// URL (or ws:// for a loopback host)");
        }

        // IoT serves MQTT over WebSocket at /mqtt: a bare ws://127.0.0.1:<port> means that path.
        return endpoint.AbsolutePath == "/" ? new Uri(endpoint, "/mqtt") : endpoint;
    }

    private static bool IsLoopback(Uri endpoint)
        => endpoint.IsLoopback || (IPAddress.TryParse(endpoint.Host.Trim('[', ']'), out IPAddress? address) && IPAddress.IsLoopback(address));

    private static string? Optional(Func<string, string?> get, string name)
    {
        string? value = get(name);
        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }

    // The same wording as Realtime.Lambda's EnvironmentSettings.Invalid, which this library cannot reference.
    // The message reaches the init error and the log: redact first (someone may paste a presigned URL, whose signature
    // and session token are bearer credentials), then shorten.
    private static InvalidOperationException Invalid(string name, string value, string expectation)
    {
        string redacted = SecretRedactor.RedactUrl(value);
        string quoted = redacted.Length > MaxQuotedLength ? redacted[..MaxQuotedLength] + "…" : redacted;
        return new($"{name} has an invalid value '{quoted}': {expectation}.");
    }
}
