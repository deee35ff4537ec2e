namespace Realtime.Lambda.Events;

/// <summary>A response to a REST API proxy integration (payload 1.0).</summary>
public sealed class APIGatewayProxyResponse
{
    /// <summary>The HTTP status code.</summary>
    public int StatusCode { get; set; }

    /// <summary>Response headers, or null.</summary>
    public IDictionary<string, string>? Headers { get; set; }

    /// <summary>Response headers with several values, or null.</summary>
    public IDictionary<string, IList<string>>? MultiValueHeaders { get; set; }

    /// <summary>The response body, or null.</summary>
    public string? Body { get; set; }

    /// <summary>True when <see cref="Body"/> is base64-encoded binary.</summary>
    public bool IsBase64Encoded { get; set; }
}
