using System.Text.Json.Serialization;

namespace Realtime.Lambda;

/// <summary>The body of an invocation or init error: <c>{"errorType","errorMessage","stackTrace":[...]}</c>.</summary>
internal sealed record LambdaErrorBody(
    [property: JsonPropertyName("errorType")] string ErrorType,
    [property: JsonPropertyName("errorMessage")] string ErrorMessage,
    [property: JsonPropertyName("stackTrace")] string[] StackTrace)
{
    /// <summary>Describes an exception: its type name, message, and stack frames one per entry.</summary>
    public static LambdaErrorBody From(Exception exception)
    {
        string[] frames = exception.StackTrace is { } trace
            ? trace.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : [];
        return new LambdaErrorBody(exception.GetType().Name, exception.Message, frames);
    }
}
