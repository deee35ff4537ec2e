using System.Text.Json;
using Realtime.Lambda.Events;

namespace SessionFunction.Http;

/// <summary>
/// Builds the function's answers with the headers every one of them needs. The proxy response shape
/// (statusCode, headers, body, isBase64Encoded) is valid for both payload formats.
/// </summary>
internal sealed class HttpResponses(string allowedOrigin, string? requestId)
{
    /// <summary>The methods the session resource answers.</summary>
    public const string AllowedMethods = "GET, OPTIONS";

    /// <summary>How long browsers may cache a preflight answer (as the template's CorsConfiguration).</summary>
    public const string PreflightMaxAgeSeconds = "600";

    /// <summary>A JSON answer.</summary>
    public APIGatewayHttpApiV2ProxyResponse Json(int statusCode, string body, Dictionary<string, string>? extraHeaders = null)
    {
        Dictionary<string, string> headers = BaseHeaders();
        headers["Content-Type"] = "application/json";
        if (extraHeaders is not null)
        {
            foreach ((string name, string value) in extraHeaders)
            {
                headers[name] = value;
            }
        }

        return new APIGatewayHttpApiV2ProxyResponse { StatusCode = statusCode, Headers = headers, Body = body, IsBase64Encoded = false };
    }

    /// <summary>A JSON error answer: <c>{"error":"&lt;code&gt;","message":"...","requestId":"..."}</c>.</summary>
    public APIGatewayHttpApiV2ProxyResponse Error(int statusCode, string code, string message, Dictionary<string, string>? extraHeaders = null)
        => Json(statusCode, JsonSerializer.Serialize(new ErrorBody(code, message, requestId), SessionJsonContext.Default.ErrorBody), extraHeaders);

    /// <summary>The methods the renewal resource answers.</summary>
    public const string RenewMethods = "POST, OPTIONS";

    /// <summary>The headers a SigV4-signed renewal from a browser sends (what its preflight asks for).</summary>
    public const string RenewHeaders = "Authorization, Content-Type, X-Amz-Date, X-Amz-Security-Token, X-Amz-Content-Sha256";

    /// <summary>405 with the Allow header RFC 9110 requires.</summary>
    public APIGatewayHttpApiV2ProxyResponse MethodNotAllowed(string method)
        => Error(405, "method_not_allowed", $"{method} is not supported here; use GET to get a session.",
            new Dictionary<string, string> { ["Allow"] = AllowedMethods });

    /// <summary>405 on the renewal resource.</summary>
    public APIGatewayHttpApiV2ProxyResponse RenewMethodNotAllowed(string method)
        => Error(405, "method_not_allowed", $"{method} is not supported here; POST (SigV4-signed) renews a session.",
            new Dictionary<string, string> { ["Allow"] = RenewMethods });

    /// <summary>The CORS preflight answer: 204, no body.</summary>
    public APIGatewayHttpApiV2ProxyResponse Preflight() => Preflight(AllowedMethods, "Content-Type");

    /// <summary>The CORS preflight answer of the renewal resource.</summary>
    public APIGatewayHttpApiV2ProxyResponse RenewPreflight() => Preflight(RenewMethods, RenewHeaders);

    private APIGatewayHttpApiV2ProxyResponse Preflight(string methods, string allowHeaders)
    {
        Dictionary<string, string> headers = BaseHeaders();
        headers["Access-Control-Allow-Methods"] = methods;
        headers["Access-Control-Allow-Headers"] = allowHeaders;
        headers["Access-Control-Max-Age"] = PreflightMaxAgeSeconds;
        headers["Allow"] = methods;
        return new APIGatewayHttpApiV2ProxyResponse { StatusCode = 204, Headers = headers, Body = string.Empty, IsBase64Encoded = false };
    }

    private Dictionary<string, string> BaseHeaders() => new(StringComparer.OrdinalIgnoreCase)
    {
        ["Access-Control-Allow-Origin"] = allowedOrigin,
        // Every answer carries fresh credentials or describes one request: no cache may keep it.
        ["Cache-Control"] = "no-store",
    };
}
