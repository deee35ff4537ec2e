using Amazon;
using Amazon.Runtime;
using Amazon.SecurityToken;
using SessionFunction.Configuration;

namespace SessionFunction.Credentials;

/// <summary>Creates the one STS client a process uses (at init: SDK start-up is the expensive part of the first call).</summary>
internal static class StsClientFactory
{
    /// <summary>A client for <paramref name="config"/>'s region (or its AWS_ENDPOINT_URL_STS), signing with the function's credentials.</summary>
    public static IAmazonSecurityTokenService Create(SessionConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var stsConfig = new AmazonSecurityTokenServiceConfig
        {
            // API Gateway gives up after 30 s; fail well before that with a clear 502 instead.
            Timeout = TimeSpan.FromSeconds(5),
            MaxErrorRetry = 2,
        };
        if (config.StsEndpoint is { } endpoint)
        {
            // The SDK also reads AWS_ENDPOINT_URL_STS itself; setting it here keeps IEnvironmentVariables the only source.
            stsConfig.ServiceURL = endpoint.ToString();
            stsConfig.AuthenticationRegion = config.Region;
        }
        else
        {
            stsConfig.RegionEndpoint = RegionEndpoint.GetBySystemName(config.Region);
        }

        // Explicit credentials: no credential-chain probing (profiles, IMDS) on the cold path.
        var own = config.FunctionCredentials;
        AWSCredentials credentials = own.SessionToken is null
            ? new BasicAWSCredentials(own.AccessKeyId, own.SecretAccessKey)
            : new SessionAWSCredentials(own.AccessKeyId, own.SecretAccessKey, own.SessionToken);
        return new AmazonSecurityTokenServiceClient(credentials, stsConfig);
    }
}
