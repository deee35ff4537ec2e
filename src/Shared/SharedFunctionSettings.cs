using Realtime.Aws;
using Realtime.Channels;
using Realtime.Lambda;

namespace Realtime.Shared;

/// <summary>
/// The variables both functions read, read one way: the IoT endpoint, the region, the topic prefix and the function's own
/// credentials. One source file compiled into SessionFunction and ResponderFunction (neither references the other, and the
/// libraries take values, not variables); each function's configuration lists these in its Variables next to its own.
/// </summary>
internal static class SharedFunctionSettings
{
    public const string IotHostVariable = "AWS_IOT_HOST";
    public const string IotEndpointUrlVariable = "AWS_IOT_ENDPOINT_URL";
    public const string RegionVariable = EnvironmentSettings.RegionVariable;
    public const string TopicPrefixVariable = "TOPIC_PREFIX";
    public const string AccessKeyIdVariable = "AWS_ACCESS_KEY_ID";
    public const string SecretAccessKeyVariable = "AWS_SECRET_ACCESS_KEY";
    public const string SessionTokenVariable = "AWS_SESSION_TOKEN";

    /// <summary>Every variable read here.</summary>
    public static readonly IReadOnlyList<string> Variables =
    [
        IotHostVariable, IotEndpointUrlVariable, RegionVariable, TopicPrefixVariable,
        AccessKeyIdVariable, SecretAccessKeyVariable, SessionTokenVariable,
    ];

    private const string CredentialsHint =
        "it is required to sign AWS requests; Lambda sets it from the execution role, locally export the credentials to sign with";

    /// <summary>AWS_IOT_ENDPOINT_URL (a whole URL, ws:// only on loopback), else <c>wss://&lt;AWS_IOT_HOST&gt;/mqtt</c>; one is required.</summary>
    public static Uri ReadIotEndpoint(this EnvironmentSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.Optional(IotEndpointUrlVariable, IotEndpointSettings.FromUrl)
            ?? settings.Optional(IotHostVariable, IotEndpointSettings.FromHost)
            ?? throw new LambdaConfigurationException(
                $"{IotHostVariable} is not set. Set it to your account's IoT data endpoint " +
                $"(aws iot describe-endpoint --endpoint-type iot:Data-ATS), or set {IotEndpointUrlVariable} to a full URL.");
    }

    /// <summary>TOPIC_PREFIX, or <see cref="TopicPrefix.Default"/> when unset.</summary>
    public static TopicPrefix ReadTopicPrefix(this EnvironmentSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.Optional(TopicPrefixVariable, value => TopicPrefix.TryParse(value, out TopicPrefix? prefix)
            ? prefix
            : throw new FormatException($"expected 1 to {TopicPrefix.MaxLength} characters of A-Z, a-z, 0-9, '_' or '-'"))
            ?? TopicPrefix.Default;
    }

    /// <summary>The function's credentials (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN) as Lambda provides them now.</summary>
    public static AwsCredentials ReadFunctionCredentials(this EnvironmentSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new AwsCredentials(
            settings.Required(AccessKeyIdVariable, CredentialsHint),
            settings.Required(SecretAccessKeyVariable, CredentialsHint),
            settings.Optional(SessionTokenVariable));
    }
}
