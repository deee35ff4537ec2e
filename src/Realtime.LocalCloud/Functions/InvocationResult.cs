namespace Realtime.LocalCloud.Functions;

/// <summary>How an invocation ended: the function's response, or an error (function error, timeout, crash, init error).</summary>
internal sealed record InvocationResult(bool IsError, byte[] Payload, string? ErrorType = null)
{
    public static InvocationResult Error(string errorType, string message) =>
        new(true, System.Text.Encoding.UTF8.GetBytes(
            $"{{\"errorType\":{Quote(errorType)},\"errorMessage\":{Quote(message)}}}"), errorType);

    private static string Quote(string text) => System.Text.Json.JsonSerializer.Serialize(text, Hosting.LocalJsonContext.Default.String);
}
