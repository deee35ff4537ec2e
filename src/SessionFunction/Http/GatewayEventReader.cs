using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Realtime.Lambda.Events;

namespace SessionFunction.Http;

/// <summary>Reads the invocation payload as an API Gateway event (HTTP API 2.0 or REST 1.0) without ever throwing.</summary>
internal static class GatewayEventReader
{
    /// <summary>
    /// The normalized event, or false with a sentence saying why it is not one (e.g. a direct invoke with <c>{}</c>):
    /// the handler answers that with a 400 instead of failing the invocation.
    /// </summary>
    public static bool TryRead(JsonElement json, [NotNullWhen(true)] out ApiGatewayRequest? request, [NotNullWhen(false)] out string? problem)
    {
        try
        {
            request = json.Deserialize(ApiGatewayJsonContext.Default.ApiGatewayRequest);
        }
        catch (JsonException ex)
        {
            request = null;
            problem = $"Expected an API Gateway proxy event (HTTP API payload 2.0 or REST payload 1.0). {ex.Message}";
            return false;
        }

        problem = request is null || request.Method.Length == 0
            ? "Expected an API Gateway proxy event (HTTP API payload 2.0 or REST payload 1.0) with an HTTP method."
            : request.Path.Length == 0
                ? "Expected an API Gateway proxy event with a request path (requestContext.http.path or rawPath for HTTP API 2.0, path for REST 1.0)."
                : null;
        return problem is null;
    }

    /// <summary>
    /// The path relative to the API stage. Payload 2.0 paths start with the stage name for named stages ("/dev/...");
    /// <c>$default</c> stages have no prefix. Payload 1.0 <c>path</c> never includes the stage. The stage root
    /// ("/dev") is the API root "/", so the result is never empty for a path <see cref="TryRead"/> accepted.
    /// </summary>
    public static string RelativePath(ApiGatewayRequest request)
    {
        string path = request.Path;
        string? stage = request.HttpApiV2?.RequestContext.Stage;
        if (string.IsNullOrEmpty(stage) || stage == "$default")
        {
            return path;
        }

        string stagePrefix = "/" + stage;
        if (path == stagePrefix)
        {
            return "/";
        }

        return path.StartsWith(stagePrefix + "/", StringComparison.Ordinal) ? path[stagePrefix.Length..] : path;
    }
}
