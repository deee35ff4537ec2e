using System.Text.Json;
using Realtime.Channels;
using Realtime.Lambda;
using Realtime.Lambda.Events;
using SessionFunction.Configuration;
using SessionFunction.Credentials;
using SessionFunction.Http;
using SessionFunction.Sessions;

namespace SessionFunction;

/// <summary>
/// The function's handler: routes an API Gateway event (HTTP API 2.0 or REST 1.0) and always answers with an HTTP
/// response, never an invocation error: GET / issues a session, POST /renew renews the caller's own (IAM-authorized) one,
/// OPTIONS is a CORS preflight, anything else is a 4xx.
/// </summary>
internal sealed class SessionHandler(SessionIssuer issuer, string allowedOrigin, ClientRoleArn? clientRole = null)
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
            if (path == RenewRoute.Path)
            {
                return http.Method switch
                {
                    RenewRoute.Method => await RenewAsync(http, responses, context).ConfigureAwait(false),
                    "OPTIONS" => responses.RenewPreflight(),
                    _ => responses.RenewMethodNotAllowed(Excerpt(http.Method)),
                };
            }

            if (!IsSessionPath(path))
            {
                return responses.Error(404, "not_found", $"There is nothing at '{Excerpt(path)}'. GET / issues a session.");
            }

            return http.Method switch
            {
                "GET" => responses.Json(200, await IssueAsync(http, context).ConfigureAwait(false)),
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

    private async Task<string> IssueAsync(ApiGatewayRequest request, ILambdaContext context)
    {
        using CancellationTokenSource deadline = Deadline(context);
        SessionResponse session = await issuer.IssueAsync(ApiId(request), context.Logger, deadline.Token).ConfigureAwait(false);
        return JsonSerializer.Serialize(session, ChannelJsonContext.Readable.SessionResponse);
    }

    /// <summary>
    /// POST /renew: the channel comes only from the IAM caller API Gateway verified (its role session name), never from
    /// the request, so a caller can renew its own channel and no other. API Gateway already refused unsigned, expired and
    /// wrongly signed requests; the checks here are the second line (a misconfigured route, a direct invoke).
    /// </summary>
    private async Task<APIGatewayHttpApiV2ProxyResponse> RenewAsync(ApiGatewayRequest request, HttpResponses responses, ILambdaContext context)
    {
        if (clientRole is null)
        {
            context.Logger.LogWarning("Answered 403 to a renewal: CLIENT_ROLE_ARN is not set, so sessions carry no renewable credentials.");
            return responses.Error(403, "forbidden", "Renewal needs scoped sessions (CLIENT_ROLE_ARN); get a new session with GET /.");
        }

        if (!RenewalCaller.TryGetChannel(request.HttpApiV2?.RequestContext.Authorizer?.IAM?.UserArn, clientRole, out ChannelId? channel, out string problem))
        {
            context.Logger.LogWarning($"Answered 403 to a renewal: {problem}.");
            return responses.Error(403, "forbidden", "Only the holder of a channel's credentials can renew it: sign POST /renew with them (SigV4, service execute-api).");
        }

        using CancellationTokenSource deadline = Deadline(context);
        SessionResponse session = await issuer.RenewAsync(channel, ApiId(request), context.Logger, deadline.Token).ConfigureAwait(false);
        return responses.Json(200, JsonSerializer.Serialize(session, ChannelJsonContext.Readable.SessionResponse));
    }

    private static CancellationTokenSource Deadline(ILambdaContext context)
    {
        TimeSpan budget = context.RemainingTime - DeadlineMargin;
        return new CancellationTokenSource(budget > MinimumBudget ? budget : MinimumBudget);
    }

    /// <summary>
    /// The session resource is the API's root; the template routes <c>GET /</c> to the function. An event without a path
    /// (a hand-made direct invoke) is refused earlier with a 400, so an empty path never issues a session.
    /// </summary>
    private static bool IsSessionPath(string path) => path == "/";

    /// <summary>Shortens caller-controlled text before it goes into an answer or a log line.</summary>
    private static string Excerpt(string value) => value.Length <= 64 ? value : string.Concat(value.AsSpan(0, 64), "…");

    /// <summary><c>requestContext.apiId</c> of either payload format, or null.</summary>
    private static string? ApiId(ApiGatewayRequest request) => request.HttpApiV2?.RequestContext.ApiId ?? request.Rest?.RequestContext.ApiId;
}
