using Realtime.Lambda;
using SessionFunction.Configuration;
using SessionFunction.Credentials;
using SessionFunction.Sessions;

namespace SessionFunction;

/// <summary>Composes the function once per process (Lambda init): configuration, credentials issuer, handler.</summary>
internal static class SessionStartup
{
    /// <summary>
    /// Reads the configuration (a missing or invalid setting throws <see cref="LambdaConfigurationException"/>, which the
    /// bootstrap reports as the init error) and builds the handler.
    /// </summary>
    /// <param name="environment">Where settings come from.</param>
    /// <param name="logger">The init logger.</param>
    /// <param name="timeProvider">The clock for signing times; null for the system clock.</param>
    /// <param name="createSts">Creates the STS client (tests pass a fake); null for <see cref="StsClient"/>.</param>
    public static SessionHandler Create(
        IEnvironmentVariables environment,
        ILambdaLogger logger,
        TimeProvider? timeProvider = null,
        Func<SessionConfig, IStsClient>? createSts = null)
    {
        ArgumentNullException.ThrowIfNull(logger);
        SessionConfig config = SessionConfig.From(environment);
        TimeProvider time = timeProvider ?? TimeProvider.System;
        ICredentialsIssuer issuer;
        if (config.ClientRole is { } role)
        {
            // One client per process: its connection to STS is kept between requests.
            IStsClient sts = createSts is null ? StsClient.Create(config, time) : createSts(config);
            issuer = new StsCredentialsIssuer(sts, role, config.Region);
            logger.LogInformation(
                $"Scoped credentials: browsers get STS AssumeRole credentials for {role.Value}, limited to their own channel.");
        }
        else
        {
            issuer = new FunctionCredentialsIssuer(config.FunctionCredentials);
            // Logged at init, i.e. once per process, not on every request.
            logger.LogWarning(
                $"{SessionConfig.ClientRoleArnVariable} is not set: URLs are signed with the function's own credentials, so every browser " +
                "gets all of the function role's IoT rights. Set CLIENT_ROLE_ARN outside local development.");
        }

        logger.LogInformation(
            $"Session function ready: endpoint {config.IotEndpoint.GetLeftPart(UriPartial.Path)}, region {config.Region}, " +
            $"prefix {config.TopicPrefix.Value}, shared topic {config.SharedTopic ?? "(none)"}, URL expiry {config.UrlExpiry.TotalSeconds:0} s.");
        return new SessionHandler(new SessionIssuer(config, issuer, time), config.AllowedOrigin, config.ClientRole);
    }
}
