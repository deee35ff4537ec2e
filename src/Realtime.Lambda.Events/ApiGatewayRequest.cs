using System.Text.Json.Serialization;

namespace Realtime.Lambda.Events;

/// <summary>
/// A normalized view of an API Gateway proxy event in either payload format, so one handler serves an HTTP API (2.0)
/// and a REST API (1.0). Deserialize with <c>ApiGatewayJsonContext.Default.ApiGatewayRequest</c>: the format is detected
/// from <c>"version":"2.0"</c> (payload 2.0) or the presence of <c>httpMethod</c> (payload 1.0).
/// </summary>
[JsonConverter(typeof(ApiGatewayRequestJsonConverter))]
public sealed class ApiGatewayRequest
{
    private ApiGatewayRequest(
        string payloadVersion, string method, string path, IDictionary<string, string>? headers,
        IDictionary<string, string>? query, string? body, bool isBase64Encoded, string? sourceIp, string? requestId)
    {
        PayloadVersion = payloadVersion;
        Method = method.ToUpperInvariant();
        Path = path;
        Headers = headers is null
            ? new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
            : new Dictionary<string, string>(headers, StringComparer.OrdinalIgnoreCase);
        QueryStringParameters = query is null
            ? new Dictionary<string, string>(StringComparer.Ordinal)
            : new Dictionary<string, string>(query, StringComparer.Ordinal);
        Body = body;
        IsBase64Encoded = isBase64Encoded;
        SourceIp = sourceIp;
        RequestId = requestId;
    }

    /// <summary>The payload format that arrived: <c>"2.0"</c> or <c>"1.0"</c>.</summary>
    public string PayloadVersion { get; }

    /// <summary>The HTTP method, upper-case.</summary>
    public string Method { get; }

    /// <summary>The request path.</summary>
    public string Path { get; }

    /// <summary>Request headers; lookups ignore case.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; }

    /// <summary>Query parameters (empty when none).</summary>
    public IReadOnlyDictionary<string, string> QueryStringParameters { get; }

    /// <summary>The request body, or null.</summary>
    public string? Body { get; }

    /// <summary>True when <see cref="Body"/> is base64-encoded binary.</summary>
    public bool IsBase64Encoded { get; }

    /// <summary>The client's IP address, when API Gateway reported it.</summary>
    public string? SourceIp { get; }

    /// <summary>API Gateway's id for this request, when present.</summary>
    public string? RequestId { get; }

    /// <summary>The original event when it was payload 2.0; otherwise null.</summary>
    public APIGatewayHttpApiV2ProxyRequest? HttpApiV2 { get; private init; }

    /// <summary>The original event when it was payload 1.0; otherwise null.</summary>
    public APIGatewayProxyRequest? Rest { get; private init; }

    /// <summary>The normalized view of a payload 2.0 event.</summary>
    public static ApiGatewayRequest From(APIGatewayHttpApiV2ProxyRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var http = request.RequestContext.Http;
        return new ApiGatewayRequest(
            "2.0", http.Method, http.Path.Length > 0 ? http.Path : request.RawPath, request.Headers,
            request.QueryStringParameters, request.Body, request.IsBase64Encoded, http.SourceIp, request.RequestContext.RequestId)
        {
            HttpApiV2 = request,
        };
    }

    /// <summary>The normalized view of a payload 1.0 event.</summary>
    public static ApiGatewayRequest From(APIGatewayProxyRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new ApiGatewayRequest(
            "1.0", request.HttpMethod, request.Path, request.Headers, request.QueryStringParameters, request.Body,
            request.IsBase64Encoded, request.RequestContext.Identity?.SourceIp, request.RequestContext.RequestId)
        {
            Rest = request,
        };
    }
}
