namespace SessionFunction.Configuration;

/// <summary>
/// The environment variables the session function reads (see docs/session.md). The shared ones are read by
/// Realtime.Lambda's EnvironmentSettings, Realtime.Aws and Realtime.Channels; they are listed here too so this one file
/// names everything the function reads (test/Deployment.Tests checks serverless.template against it).
/// </summary>
internal static class EnvironmentNames
{
    public const string IotHost = "AWS_IOT_HOST";
    public const string IotEndpointUrl = "AWS_IOT_ENDPOINT_URL";
    public const string Region = "AWS_REGION";
    public const string ClientRoleArn = "CLIENT_ROLE_ARN";
    public const string TopicPrefix = "TOPIC_PREFIX";
    public const string AllowedOrigin = "ALLOWED_ORIGIN";
    public const string SharedTopic = "SHARED_TOPIC";
    public const string UrlExpirySeconds = "URL_EXPIRY_SECONDS";
    public const string StsEndpointUrl = "AWS_ENDPOINT_URL_STS";
    public const string AccessKeyId = "AWS_ACCESS_KEY_ID";
    public const string SecretAccessKey = "AWS_SECRET_ACCESS_KEY";
    public const string SessionToken = "AWS_SESSION_TOKEN";
}
