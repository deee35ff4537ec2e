using Microsoft.AspNetCore.Http;
using Realtime.LocalCloud.Auth;
using Realtime.LocalCloud.Functions;
using Realtime.LocalCloud.Hosting;
using Realtime.LocalCloud.Sam;

namespace Realtime.LocalCloud.Api;

/// <summary>
/// The API Gateway HTTP API emulation: the template's HttpApi routes, payload format 2.0 events to the function
/// (synchronous invoke), the function's response mapped back, CORS from CorsConfiguration, API Gateway's JSON errors
/// (404 Not Found, 500 Internal Server Error for a function error, 503 after the 30-second integration timeout), and IAM
/// authorization for AWS_IAM routes (403 Forbidden without invoking the function; see <see cref="ExecuteApiAuthorizer"/>).
/// </summary>
internal sealed class HttpApiGateway(
    RouteTable routes, CorsConfiguration? cors, LambdaService lambda, LocalLog log, TimeProvider time, Iam.CredentialStore? credentials = null)
{
    private static readonly TimeSpan s_integrationTimeout = TimeSpan.FromSeconds(30);
    private readonly CorsPolicy? _cors = cors is null ? null : new CorsPolicy(cors);

    public async Task HandleAsync(HttpContext context)
    {
        if (_cors is not null && CorsPolicy.IsPreflight(context.Request) && !routes.HasRouteFor("OPTIONS"))
        {
            _cors.ApplyPreflight(context);
            return;
        }

        string requestId = Guid.NewGuid().ToString();
        context.Response.Headers["apigw-requestid"] = requestId;
        HttpRoute? route = routes.Match(context.Request.Method, context.Request.Path.Value ?? "/", out var parameters);
        HttpApiResponse response = route is null
            ? HttpApiResponse.Message(404, "Not Found")
            : await AuthorizeAndInvokeAsync(context, route, parameters, requestId).ConfigureAwait(false);
        await WriteAsync(context, response).ConfigureAwait(false);
        log.Write("api", $"{context.Request.Method} {context.Request.Path} -> {response.StatusCode}{(route is null ? "" : $" ({route.FunctionName})")}");
    }

    private async Task<HttpApiResponse> AuthorizeAndInvokeAsync(HttpContext context, HttpRoute route, Dictionary<string, string> parameters, string requestId)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted).ConfigureAwait(false);
        byte[] body = buffer.ToArray();
        IamCaller? caller = null;
        if (route.Authorizer is not null)
        {
            // Fail closed: an authorizer this emulation does not know (JWT, Lambda) lets nobody in.
            string reason = "authorizer '" + route.Authorizer + "' is not emulated locally";
            if (!route.UsesIam || credentials is null
                || !ExecuteApiAuthorizer.TryAuthorize(context, body, route, credentials, time.GetUtcNow(), out caller, out reason))
            {
                log.Write("api", $"{route.RouteKey}: 403, {reason}");
                return HttpApiResponse.Message(403, "Forbidden");
            }
        }

        return await InvokeAsync(context, route, parameters, body, caller, requestId).ConfigureAwait(false);
    }

    private async Task<HttpApiResponse> InvokeAsync(
        HttpContext context, HttpRoute route, Dictionary<string, string> parameters, byte[] body, IamCaller? caller, string requestId)
    {
        byte[] payload = HttpApiEventWriter.Write(context, route, parameters, body, requestId, time.GetUtcNow(), caller);
        try
        {
            InvocationResult result = await lambda.InvokeAsync(route.FunctionName, payload, context.RequestAborted)
                .WaitAsync(s_integrationTimeout, context.RequestAborted).ConfigureAwait(false);
            return result.IsError ? HttpApiResponse.Message(500, "Internal Server Error") : HttpApiResponse.Parse(result.Payload);
        }
        catch (TimeoutException)
        {
            return HttpApiResponse.Message(503, "Service Unavailable");
        }
        catch (FormatException)
        {
            return HttpApiResponse.Message(500, "Internal Server Error");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.Write("api", $"{route.RouteKey}: cannot invoke {route.FunctionName}: {e.Message}");
            return HttpApiResponse.Message(500, "Internal Server Error");
        }
    }

    private async Task WriteAsync(HttpContext context, HttpApiResponse response)
    {
        context.Response.StatusCode = response.StatusCode;
        foreach (var (name, value) in response.Headers)
        {
            context.Response.Headers[name] = value;
        }

        foreach (string cookie in response.Cookies)
        {
            context.Response.Headers.Append("Set-Cookie", cookie);
        }

        _cors?.ApplyToResponse(context);
        await context.Response.Body.WriteAsync(response.Body, context.RequestAborted).ConfigureAwait(false);
    }
}
