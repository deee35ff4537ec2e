using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Realtime.Aws;
using Realtime.Channels;

namespace Realtime.Client;

/// <summary>
/// The session API: <c>GET &lt;api&gt;/</c> opens a channel, <c>POST &lt;api&gt;/renew</c> (SigV4, service execute-api, signed with
/// the session's own scoped credentials) renews it. Answers are read with source-generated JSON (AOT-safe).
/// </summary>
internal sealed class SessionApi(HttpClient http, Uri sessionUrl)
{
    /// <summary>The signing name of API Gateway's execution service.</summary>
    public const string Service = "execute-api";

    /// <summary><c>&lt;api&gt;/renew</c>, next to the session resource whatever the stage prefix (<c>/dev/</c> → <c>/dev/renew</c>).</summary>
    public Uri RenewUrl { get; } = new UriBuilder(sessionUrl) { Path = sessionUrl.AbsolutePath.TrimEnd('/') + "/renew", Query = "" }.Uri;

    public async Task<SessionResponse> OpenAsync(CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, sessionUrl);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return await SendAsync(request, "GET /", cancellationToken).ConfigureAwait(false);
    }

    public async Task<SessionResponse> RenewAsync(SessionResponse current, DateTimeOffset now, CancellationToken cancellationToken)
    {
        SessionCredentials credentials = current.Credentials
            ?? throw new SessionApiException("This session has no credentials to renew with (the session function runs without CLIENT_ROLE_ARN).");
        string region = current.Region ?? throw new SessionApiException("The session response names no region to sign the renewal for.");
        using var request = new HttpRequestMessage(HttpMethod.Post, RenewUrl);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        var signing = new SigV4SigningParameters(
            new AwsCredentials(credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken), region, Service, now);
        SigV4Signer.SignRequest(request, signing, SigV4Signer.EmptyPayloadHash);
        SessionResponse renewed = await SendAsync(request, "POST /renew", cancellationToken).ConfigureAwait(false);
        return renewed.ChannelId == current.ChannelId && renewed.ClientId == current.ClientId
            ? renewed
            : throw new SessionApiException("POST /renew answered for another channel; the answer is ignored.");
    }

    public static DateTimeOffset ParseTime(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    private async Task<SessionResponse> SendAsync(HttpRequestMessage request, string what, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new SessionApiException($"{what} on {sessionUrl.GetLeftPart(UriPartial.Authority)} failed: {e.Message}", e);
        }

        using (response)
        {
            string body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                // Error bodies are API Gateway's or the function's JSON errors: no secrets in them.
                throw new SessionApiException($"{what} answered {(int)response.StatusCode}: {Excerpt(body)}", (int)response.StatusCode);
            }

            SessionResponse? session;
            try
            {
                session = JsonSerializer.Deserialize(body, ChannelJsonContext.Default.SessionResponse);
            }
            catch (JsonException e)
            {
                throw new SessionApiException($"{what} answered 200 with something that is not a session response: {e.Message}", e);
            }

            return session is { EndpointUrl.Length: > 0, ChannelId.Length: > 0, ClientId.Length: > 0, ExpiresAt.Length: > 0, Topics: not null }
                ? session
                : throw new SessionApiException($"{what} answered 200 without endpointUrl, channelId, clientId, expiresAt or topics.");
        }
    }

    private static string Excerpt(string text) => text.Length <= 200 ? text : text[..200] + "…";
}
