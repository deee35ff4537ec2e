using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Realtime.LocalCloud.Auth;
using Realtime.LocalCloud.Sam;

namespace Realtime.LocalCloud.Api;

/// <summary>
/// Writes the HTTP API payload format 2.0 event for a request, with the field names and shapes API Gateway uses: lowercase
/// header names, repeated headers and query parameters joined with commas, cookies split out, text bodies as text and
/// binary bodies base64-encoded. Written independently of the functions' event types, so it also checks them.
/// </summary>
internal static class HttpApiEventWriter
{
    public static byte[] Write(
        HttpContext context, HttpRoute route, IReadOnlyDictionary<string, string> pathParameters, byte[] body, string requestId, DateTimeOffset now,
        IamCaller? caller = null)
    {
        HttpRequest request = context.Request;
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteString("version", "2.0");
            json.WriteString("routeKey", route.Path == "$default" ? "$default" : route.RouteKey);
            json.WriteString("rawPath", request.Path.Value ?? "/");
            json.WriteString("rawQueryString", request.QueryString.HasValue ? request.QueryString.Value![1..] : "");
            string[] cookies = request.Headers.Cookie.SelectMany(c => (c ?? "").Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).ToArray();
            if (cookies.Length > 0)
            {
                json.WriteStartArray("cookies");
                foreach (string cookie in cookies)
                {
                    json.WriteStringValue(cookie);
                }

                json.WriteEndArray();
            }

            json.WriteStartObject("headers");
            foreach (var (name, values) in request.Headers.Where(h => !h.Key.Equals("Cookie", StringComparison.OrdinalIgnoreCase)))
            {
                json.WriteString(name.ToLowerInvariant(), string.Join(',', values.ToArray()));
            }

            json.WriteEndObject();
            if (request.Query.Count > 0)
            {
                json.WriteStartObject("queryStringParameters");
                foreach (var (name, values) in request.Query)
                {
                    json.WriteString(name, string.Join(',', values.ToArray()));
                }

                json.WriteEndObject();
            }

            if (pathParameters.Count > 0)
            {
                json.WriteStartObject("pathParameters");
                foreach (var (name, value) in pathParameters)
                {
                    json.WriteString(name, value);
                }

                json.WriteEndObject();
            }

            WriteRequestContext(json, context, route, requestId, now, caller);
            bool isText = IsText(request.ContentType);
            if (body.Length > 0)
            {
                json.WriteString("body", isText ? Encoding.UTF8.GetString(body) : Convert.ToBase64String(body));
            }

            json.WriteBoolean("isBase64Encoded", body.Length > 0 && !isText);
            json.WriteEndObject();
        }

        return stream.ToArray();
    }

    private static void WriteRequestContext(Utf8JsonWriter json, HttpContext context, HttpRoute route, string requestId, DateTimeOffset now, IamCaller? caller)
    {
        HttpRequest request = context.Request;
        string host = request.Host.Host;
        json.WriteStartObject("requestContext");
        json.WriteString("accountId", LocalAccount.AccountId);
        json.WriteString("apiId", route.ApiId);
        // Only IAM-authorized routes carry an authorizer block, filled after the signature was verified.
        caller?.WriteAuthorizer(json);
        json.WriteString("domainName", host);
        json.WriteString("domainPrefix", host.Split('.')[0]);
        json.WriteStartObject("http");
        json.WriteString("method", request.Method);
        json.WriteString("path", request.Path.Value ?? "/");
        json.WriteString("protocol", request.Protocol);
        json.WriteString("sourceIp", context.Connection.RemoteIpAddress?.ToString() ?? "127.0.0.1");
        json.WriteString("userAgent", request.Headers.UserAgent.ToString());
        json.WriteEndObject();
        json.WriteString("requestId", requestId);
        json.WriteString("routeKey", route.Path == "$default" ? "$default" : route.RouteKey);
        json.WriteString("stage", "$default");
        json.WriteString("time", now.ToString("dd/MMM/yyyy:HH:mm:ss +0000", CultureInfo.InvariantCulture));
        json.WriteNumber("timeEpoch", now.ToUnixTimeMilliseconds());
        json.WriteEndObject();
    }

    private static bool IsText(string? contentType) =>
        contentType is null ||
        contentType.StartsWith("text/", StringComparison.OrdinalIgnoreCase) ||
        contentType.Contains("json", StringComparison.OrdinalIgnoreCase) ||
        contentType.Contains("xml", StringComparison.OrdinalIgnoreCase) ||
        contentType.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) ||
        contentType.StartsWith("application/javascript", StringComparison.OrdinalIgnoreCase);
}
