namespace ResponderFunction.Configuration;

/// <summary>The environment variables the responder reads (see docs/readme/responder.md).</summary>
internal static class EnvironmentNames
{
    public const string IotHost = "AWS_IOT_HOST";
    public const string IotEndpointUrl = "AWS_IOT_ENDPOINT_URL";
    public const string Region = "AWS_REGION";
    public const string TopicPrefix = "TOPIC_PREFIX";
    public const string SessionIdleSeconds = "SESSION_IDLE_SECONDS";
    public const string DeadlineMarginSeconds = "DEADLINE_MARGIN_SECONDS";
}
