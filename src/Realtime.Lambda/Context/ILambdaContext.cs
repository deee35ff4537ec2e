namespace Realtime.Lambda;

/// <summary>What a handler sees of its invocation; mirrors Amazon.Lambda.Core's ILambdaContext.</summary>
public interface ILambdaContext
{
    /// <summary>The request id Lambda assigned to this invocation.</summary>
    string AwsRequestId { get; }

    /// <summary>The function's name (AWS_LAMBDA_FUNCTION_NAME).</summary>
    string FunctionName { get; }

    /// <summary>The function's version (AWS_LAMBDA_FUNCTION_VERSION).</summary>
    string FunctionVersion { get; }

    /// <summary>The ARN used to invoke the function.</summary>
    string InvokedFunctionArn { get; }

    /// <summary>The configured memory in MB (AWS_LAMBDA_FUNCTION_MEMORY_SIZE).</summary>
    int MemoryLimitInMB { get; }

    /// <summary>The X-Ray trace id of this invocation, if any.</summary>
    string? TraceId { get; }

    /// <summary>Time left until the invocation's deadline; never negative.</summary>
    TimeSpan RemainingTime { get; }

    /// <summary>The logger that writes one line per event to stdout.</summary>
    ILambdaLogger Logger { get; }
}
