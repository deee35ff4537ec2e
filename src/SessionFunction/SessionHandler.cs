using System.Text.Json;
using Realtime.Channels;
using Realtime.Lambda;
using Realtime.Lambda.Events;
using SessionFunction.Credentials;
using SessionFunction.Http;
using SessionFunction.Sessions;

namespace SessionFunction;

/// <summary>
/// The function's handler: routes an API Gateway event (HTTP API 2.0 or REST 1.0) and always answers with an HTTP
/// response, never an invocation error: GET / issues a session, OPTIONS / is a CORS preflight, anything else is a 4xx.
/// </summary>
internal sealed class SessionHandler(SessionIssuer issuer, string allowedOrigin)
{
    /// <summary>Time kept back from the invocation deadline so a slow STS call still ends in a 502, not a Lambda timeout.</summary>
    private static readonly TimeSpan DeadlineMargin = TimeSpan.FromMilliseconds(500);

    private static readonly TimeSpan MinimumBudget = TimeSpan.FromSeconds(1);

    /// <summary>Handles one invocation (the <see cref="LambdaHandler{TRequest, TResponse}"/> of the function).</summary>
    public async Task<APIGatewayHttpApiV2ProxyResponse> HandleAsync(JsonElement request, ILambdaContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var responses = new HttpResponses(allowedOrigin, context.AwsRequestId);
        try
        {
            if (!GatewayEventReader.TryRead(request, out ApiGatewayRequest? http, out string? problem))
            {
                context.Logger.LogWarning($"Answered 400: {problem}");
                return responses.Error(400, "bad_request", problem);
            }

            string path = GatewayEventReader.RelativePath(http);
            if (!IsSessionPath(path))
            {
                return responses.Error(404, "not_found", $"There is nothing at '{Excerpt(path)}'. GET / issues a session.");
            }

            return http.Method switch
            {
                "GET" => responses.Json(200, await IssueAsync(context).ConfigureAwait(false)),
                "OPTIONS" => responses.Preflight(),
                _ => responses.MethodNotAllowed(Excerpt(http.Method)),
            };
        }
        catch (CredentialsUnavailableException ex)
        {
            context.Logger.LogError($"Answered 502: {ex.Detail}");
            return responses.Error(502, "credentials_unavailable", ex.Message);
        }
        catch (Exception ex)
        {
            // Never crash the invocation: API Gateway would turn it into an opaque 500 without CORS headers.
            // Our exception messages never carry secrets (credentials print redacted, URLs go through SecretRedactor).
            context.Logger.LogError($"Answered 500: unexpected {ex.GetType().FullName}: {ex.Message}\n{ex.StackTrace}");
            return responses.Error(500, "internal_error", "The session could not be created. Try again; if it persists, check the function's log.");
        }
    }

    private async Task<string> IssueAsync(ILambdaContext context)
    {
        TimeSpan budget = context.RemainingTime - DeadlineMargin;
        using var deadline = new CancellationTokenSource(budget > MinimumBudget ? budget : MinimumBudget);
        SessionResponse session = await issuer.IssueAsync(context.Logger, deadline.Token).ConfigureAwait(false);
        return JsonSerializer.Serialize(session, ChannelJsonContext.Readable.SessionResponse);
    }

    /// <summary>
    /// The session resource is the API's root; the template routes <c>GET /</c> to the function. An event without a path
    /// (a hand-made direct invoke) is refused earlier with a 400, so an empty path never issues a session.
    /// </summary>
    private static bool IsSessionPath(string path) => path == "/";

    /// <summary>Shortens caller-controlled text before it goes into an answer or a log line.</summary>
    private static string Excerpt(string value) => value.Length <= 64 ? value : string.Concat(value.AsSpan(0, 64), "…");
}
