using System.Globalization;
using Realtime.Aws;
using Realtime.Channels;
using Realtime.Lambda;
using SessionFunction.Configuration;
using SessionFunction.Credentials;

namespace SessionFunction.Sessions;

/// <summary>Issues one session: a new channel, credentials for it, and a presigned IoT WebSocket URL.</summary>
internal sealed class SessionIssuer(SessionConfig config, ICredentialsIssuer credentialsIssuer, TimeProvider timeProvider)
{
    /// <summary>Creates a session on a new channel; throws <see cref="CredentialsUnavailableException"/> when no credentials can be had.</summary>
    /// <param name="apiId">The HTTP API that asked (<c>requestContext.apiId</c>): the credentials may renew through it only.</param>
    /// <param name="logger">The invocation's logger.</param>
    /// <param name="cancellationToken">Ends the STS call.</param>
    public Task<SessionResponse> IssueAsync(string? apiId, ILambdaLogger logger, CancellationToken cancellationToken)
        => IssueAsync(SessionScope.New(config.TopicPrefix, config.SharedTopic, RenewArn(apiId)), "Issued", logger, cancellationToken);

    /// <summary>
    /// Renews the session of <paramref name="channel"/>: a fresh URL and fresh credentials, built by exactly the rules of a
    /// new session for that channel, so the rights are the same and never wider.
    /// </summary>
    public Task<SessionResponse> RenewAsync(ChannelId channel, string? apiId, ILambdaLogger logger, CancellationToken cancellationToken)
        => IssueAsync(SessionScope.For(channel, config.TopicPrefix, config.SharedTopic, RenewArn(apiId)), "Renewed", logger, cancellationToken);

    private string? RenewArn(string? apiId) => config.ClientRole is { } role ? RenewRoute.Arn(role, config.Region, apiId) : null;

    private async Task<SessionResponse> IssueAsync(SessionScope scope, string verb, ILambdaLogger logger, CancellationToken cancellationToken)
    {
        long started = timeProvider.GetTimestamp();
        BrowserCredentials issued = await credentialsIssuer.IssueAsync(scope, cancellationToken).ConfigureAwait(false);
        TimeSpan credentialsTime = timeProvider.GetElapsedTime(started);

        // X-Amz-Date has whole seconds: start from a whole second so expiresAt is exactly X-Amz-Date + X-Amz-Expires.
        DateTimeOffset now = TruncateToSeconds(timeProvider.GetUtcNow());
        TimeSpan expiresIn = UrlLifetime(config.UrlExpiry, issued.Expiration, now);
        Uri url = IotWebSocketPresigner.Presign(config.IotEndpoint, config.Region, issued.Credentials, now, expiresIn);
        DateTimeOffset expiresAt = now + expiresIn;

        // Only scoped credentials go to the client: the function's own (unscoped mode) must never leave it.
        SessionCredentials? credentials = credentialsIssuer.IsScoped && issued.Expiration is { } expiration && issued.Credentials.SessionToken is { } token
            ? new SessionCredentials(issued.Credentials.AccessKeyId, issued.Credentials.SecretAccessKey, token, FormatTime(expiration))
            : null;

        // The URL is a bearer secret (signature, session token): only its redacted form may reach a log; the
        // credentials never do.
        logger.LogInformation(
            $"{verb} session: channel {scope.ChannelId.Value}, client {scope.ClientId}, " +
            $"{(credentialsIssuer.IsScoped ? "scoped" : "unscoped")} credentials in {credentialsTime.TotalMilliseconds:0} ms" +
            $"{(issued.Expiration is { } until ? $" (until {FormatTime(until)})" : "")}, " +
            $"expires {FormatTime(expiresAt)}, url {SecretRedactor.RedactUrl(url.OriginalString)}");
        return new SessionResponse(url.OriginalString, scope.ChannelId.Value, scope.ClientId, FormatTime(expiresAt), scope.Topics, config.Region, credentials);
    }

    /// <summary>
    /// X-Amz-Expires: the configured lifetime, but never past the credentials' own expiry (a URL signed with expired
    /// credentials is refused anyway, and its expiresAt would mislead the client). Whole seconds.
    /// </summary>
    internal static TimeSpan UrlLifetime(TimeSpan configured, DateTimeOffset? credentialsExpiration, DateTimeOffset now)
    {
        TimeSpan lifetime = configured;
        if (credentialsExpiration is { } expiration)
        {
            TimeSpan remaining = TimeSpan.FromSeconds(Math.Floor((expiration - now).TotalSeconds));
            if (remaining < IotWebSocketPresigner.MinExpiry)
            {
                throw new CredentialsUnavailableException(
                    "Could not get credentials for the session: the issued credentials expire too soon.",
                    $"The issued credentials expire at {FormatTime(expiration)}, less than {IotWebSocketPresigner.MinExpiry.TotalSeconds:0} s " +
                    $"after now ({FormatTime(now)}); check the clock.");
            }

            lifetime = remaining < configured ? remaining : configured;
        }

        // The presigner clamps to its own bounds; clamping here too keeps expiresAt equal to what the URL says.
        return IotWebSocketPresigner.ClampExpiry(lifetime);
    }

    private static DateTimeOffset TruncateToSeconds(DateTimeOffset time)
        => new(time.UtcTicks - (time.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);

    private static string FormatTime(DateTimeOffset time)
        => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
