namespace Realtime.Lambda.Events;

/// <summary>A response to an HTTP API (payload 2.0); its JSON shape is also a valid REST (payload 1.0) proxy response.</summary>
public sealed class APIGatewayHttpApiV2ProxyResponse
{
    /// <summary>The HTTP status code.</summary>
    public int StatusCode { get; set; }

    /// <summary>Response headers, or null.</summary>
    public IDictionary<string, string>? Headers { get; set; }

    /// <summary>Set-Cookie values, one cookie each (payload 2.0 only), or null.</summary>
    public string[]? Cookies { get; set; }

    /// <summary>The response body, or null.</summary>
    public string? Body { get; set; }

    /// <summary>True when <see cref="Body"/> is base64-encoded binary.</summary>
    public bool IsBase64Encoded { get; set; }
}
