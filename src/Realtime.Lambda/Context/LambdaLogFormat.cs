namespace Realtime.Lambda;

/// <summary>The log line format, chosen by AWS_LAMBDA_LOG_FORMAT.</summary>
internal enum LambdaLogFormat
{
    /// <summary><c>timestamp TAB requestId TAB LEVEL TAB message</c>.</summary>
    Text,

    /// <summary><c>{"timestamp","level","message","requestId"}</c>.</summary>
    Json,
}
