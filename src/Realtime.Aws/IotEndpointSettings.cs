using System.Net;

namespace Realtime.Aws;

/// <summary>
/// The IoT WebSocket endpoint a function connects or points browsers to, from a configured host name
/// (<c>wss://&lt;host&gt;/mqtt</c>) or a whole URL (tests and the local cloud). The function's configuration reads the values.
/// </summary>
public static class IotEndpointSettings
{
    /// <summary>
    /// <c>wss://&lt;host&gt;/mqtt</c> for the account's IoT data endpoint host (aws iot describe-endpoint --endpoint-type iot:Data-ATS).
    /// </summary>
    /// <exception cref="FormatException">Not a bare host name; the message says what is expected.</exception>
    public static Uri FromHost(string host)
    {
        ArgumentNullException.ThrowIfNull(host);
        // The signed host must be lowercase (docs/aws-facts.md#iot-websocket-urls); Uri lowercases it, so an upper-case host (as describe-endpoint
        // used to print) still works.
        return Uri.TryCreate($"wss://{host}/mqtt", UriKind.Absolute, out Uri? endpoint)
            && string.Equals(endpoint.Authority, host, StringComparison.OrdinalIgnoreCase)
            && Uri.CheckHostName(endpoint.Host) != UriHostNameType.Unknown
                ? endpoint
                : throw new FormatException("expected a host name only, e.g. abc123-ats.iot.us-east-1.amazonaws.com (no scheme or path)");
    }

    /// <summary>A whole endpoint URL: wss://, or ws:// only for a loopback host; no path means <c>/mqtt</c>.</summary>
    /// <exception cref="FormatException">Not such a URL; the message says what is expected.</exception>
    public static Uri FromUrl(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!Uri.TryCreate(url, UriKind.Absolute, out Uri? endpoint)
            || !string.IsNullOrEmpty(endpoint.Query) || !string.IsNullOrEmpty(endpoint.Fragment) || !string.IsNullOrEmpty(endpoint.UserInfo))
        {
            throw new FormatException("expected a URL such as wss://<host>/mqtt, without query or fragment");
        }

        // A ws:// URL would send the presigned URL (a bearer credential) in clear text: only a broker on this machine may use it.
        if (endpoint.Scheme != "wss" && !(endpoint.Scheme == "ws" && IsLoopback(endpoint)))
        {
            throw new FormatException(endpoint.Scheme == "ws"
                ? "ws:// is only allowed for loopback hosts (127.0.0.1, ::1, localhost); use wss:// for anything else"
                : "expected a wss:// URL (or ws:// for a loopback host)");
        }

        // IoT serves MQTT over WebSocket at /mqtt: a bare ws://127.0.0.1:<port> means that path.
        return endpoint.AbsolutePath == "/" ? new Uri(endpoint, "/mqtt") : endpoint;
    }

    private static bool IsLoopback(Uri endpoint)
        => endpoint.IsLoopback || (IPAddress.TryParse(endpoint.Host.Trim('[', ']'), out IPAddress? address) && IPAddress.IsLoopback(address));
}
