namespace Realtime.Lambda;

/// <summary>The environment variables Lambda sets for a runtime (docs/aws-facts.md#lambda-runtime-api).</summary>
internal static class EnvironmentVariableNames
{
    public const string RuntimeApi = "AWS_LAMBDA_RUNTIME_API";
    public const string FunctionName = "AWS_LAMBDA_FUNCTION_NAME";
    public const string FunctionVersion = "AWS_LAMBDA_FUNCTION_VERSION";
    public const string FunctionMemorySize = "AWS_LAMBDA_FUNCTION_MEMORY_SIZE";
    public const string LogFormat = "AWS_LAMBDA_LOG_FORMAT";
    public const string LogLevel = "AWS_LAMBDA_LOG_LEVEL";
    public const string TraceId = "_X_AMZN_TRACE_ID";
}
