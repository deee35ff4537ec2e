using Microsoft.AspNetCore.Http;
using Realtime.LocalCloud.Sam;

namespace Realtime.LocalCloud.Api;

/// <summary>
/// HTTP API CORS as API Gateway applies it when CorsConfiguration is set: it answers preflight requests itself and adds
/// the CORS headers to every response for an allowed origin, replacing any the function returned.
/// </summary>
internal sealed class CorsPolicy(CorsConfiguration configuration)
{
    public static bool IsPreflight(HttpRequest request) =>
        HttpMethods.IsOptions(request.Method) && request.Headers.Origin.Count > 0 && request.Headers.AccessControlRequestMethod.Count > 0;

    public void ApplyPreflight(HttpContext context)
    {
        context.Response.StatusCode = 204;
        if (AllowedOrigin(context.Request) is not { } origin)
        {
            return;
        }

        IHeaderDictionary headers = context.Response.Headers;
        headers.AccessControlAllowOrigin = origin;
        headers.AccessControlAllowMethods = configuration.AllowMethods.Contains("*")
            ? context.Request.Headers.AccessControlRequestMethod.ToString()
            : string.Join(',', configuration.AllowMethods);
        if (configuration.AllowHeaders.Count > 0)
        {
            headers.AccessControlAllowHeaders = configuration.AllowHeaders.Contains("*")
                ? context.Request.Headers.AccessControlRequestHeaders.ToString()
                : string.Join(',', configuration.AllowHeaders);
        }

        if (configuration.MaxAge is { } maxAge)
        {
            headers.AccessControlMaxAge = maxAge.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (configuration.AllowCredentials)
        {
            headers.AccessControlAllowCredentials = "true";
        }
    }

    public void ApplyToResponse(HttpContext context)
    {
        IHeaderDictionary headers = context.Response.Headers;
        headers.Remove("Access-Control-Allow-Origin");
        if (AllowedOrigin(context.Request) is not { } origin)
        {
            return;
        }

        headers.AccessControlAllowOrigin = origin;
        if (configuration.ExposeHeaders.Count > 0)
        {
            headers.AccessControlExposeHeaders = string.Join(',', configuration.ExposeHeaders);
        }

        if (configuration.AllowCredentials)
        {
            headers.AccessControlAllowCredentials = "true";
        }
    }

    private string? AllowedOrigin(HttpRequest request)
    {
        string origin = request.Headers.Origin.ToString();
        if (origin.Length == 0)
        {
            return null;
        }

        if (configuration.AllowOrigins.Contains("*"))
        {
            return configuration.AllowCredentials ? origin : "*";
        }

        return configuration.AllowOrigins.Any(o => string.Equals(o.TrimEnd('/'), origin, StringComparison.OrdinalIgnoreCase)) ? origin : null;
    }
}
