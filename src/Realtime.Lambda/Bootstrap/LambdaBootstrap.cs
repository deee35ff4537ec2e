using System.Text.Json.Serialization.Metadata;

namespace Realtime.Lambda;

/// <summary>Runs a function against the Lambda Runtime API (our stand-in for Amazon.Lambda.RuntimeSupport).</summary>
public static class LambdaBootstrap
{
    /// <summary>
    /// Calls <paramref name="initialize"/> once (an exception becomes an init error naming the cause), then loops:
    /// next invocation, handler, response or invocation error, until cancelled.
    /// </summary>
    public static Task RunAsync<TRequest, TResponse>(
        Func<IEnvironmentVariables, ILambdaLogger, LambdaHandler<TRequest, TResponse>> initialize,
        JsonTypeInfo<TRequest> requestType,
        JsonTypeInfo<TResponse> responseType,
        CancellationToken cancellationToken = default)
        => throw new NotImplementedException("contract stub: implemented by the runtime-host work");
}
