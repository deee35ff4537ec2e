namespace ResponderFunction.Configuration;

/// <summary>
/// The environment variables the responder reads (see docs/responder.md). The shared ones are read by
/// Realtime.Lambda's EnvironmentSettings, Realtime.Aws and Realtime.Channels; they are listed here too so this one file
/// names everything the function reads (test/Deployment.Tests checks serverless.template against it).
/// </summary>
internal static class EnvironmentNames
{
    public const string IotHost = "AWS_IOT_HOST";
    public const string IotEndpointUrl = "AWS_IOT_ENDPOINT_URL";
    public const string Region = "AWS_REGION";
    public const string TopicPrefix = "TOPIC_PREFIX";
    public const string SessionIdleSeconds = "SESSION_IDLE_SECONDS";
    public const string DeadlineMarginSeconds = "DEADLINE_MARGIN_SECONDS";
    public const string AccessKeyId = "AWS_ACCESS_KEY_ID";
    public const string SecretAccessKey = "AWS_SECRET_ACCESS_KEY";
    public const string SessionToken = "AWS_SESSION_TOKEN";
}
