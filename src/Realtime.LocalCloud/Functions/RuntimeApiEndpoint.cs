using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Realtime.LocalCloud.Sam;

namespace Realtime.LocalCloud.Functions;

/// <summary>
/// The Lambda Runtime API (2018-06-01) one execution environment serves its process (docs/aws-facts.md#lambda-runtime-api):
/// turns the process's HTTP calls into calls on its <see cref="FunctionInstance"/> and answers them as Lambda does.
/// </summary>
internal sealed class RuntimeApiEndpoint(FunctionInstance instance, FunctionDefinition function, TimeProvider time)
{
    private const string Prefix = "/2018-06-01/runtime/";

    /// <summary>Serves one Runtime API request.</summary>
    public async Task HandleAsync(HttpContext context)
    {
        string path = context.Request.Path.Value ?? "";
        string method = context.Request.Method;
        if (!path.StartsWith(Prefix, StringComparison.Ordinal))
        {
            await RespondAsync(context, 404, "{\"errorMessage\":\"unknown Runtime API path\",\"errorType\":\"InvalidRequest\"}").ConfigureAwait(false);
            return;
        }

        string[] parts = path[Prefix.Length..].Split('/');
        switch (method, parts)
        {
            case ("GET", ["invocation", "next"]):
                await NextAsync(context).ConfigureAwait(false);
                break;
            case ("POST", ["invocation", var id, "response"]):
                await CompleteAsync(context, id, isError: false).ConfigureAwait(false);
                break;
            case ("POST", ["invocation", var id, "error"]):
                await CompleteAsync(context, id, isError: true).ConfigureAwait(false);
                break;
            case ("POST", ["init", "error"]):
                instance.ReportInitError(await ReadBodyAsync(context).ConfigureAwait(false));
                await RespondAsync(context, 202, "{\"status\":\"OK\"}").ConfigureAwait(false);
                break;
            default:
                await RespondAsync(context, 404, "{\"errorMessage\":\"unknown Runtime API path\",\"errorType\":\"InvalidRequest\"}").ConfigureAwait(false);
                break;
        }
    }

    private async Task NextAsync(HttpContext context)
    {
        // No timeout: a warm process waits here until the next event, like a frozen Lambda sandbox.
        if (await instance.NextInvocationAsync(context.RequestAborted).ConfigureAwait(false) is not { } invocation)
        {
            return;
        }

        long deadline = time.GetUtcNow().AddSeconds(function.TimeoutSeconds).ToUnixTimeMilliseconds();
        IHeaderDictionary headers = context.Response.Headers;
        headers["Lambda-Runtime-Aws-Request-Id"] = invocation.RequestId;
        headers["Lambda-Runtime-Deadline-Ms"] = deadline.ToString(CultureInfo.InvariantCulture);
        headers["Lambda-Runtime-Invoked-Function-Arn"] = function.Arn;
        headers["Lambda-Runtime-Trace-Id"] = invocation.TraceId;
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(invocation.Payload).ConfigureAwait(false);
    }

    private async Task CompleteAsync(HttpContext context, string requestId, bool isError)
    {
        Invocation? current = instance.Current;
        byte[] body = await ReadBytesAsync(context).ConfigureAwait(false);
        if (current is null || current.RequestId != requestId)
        {
            await RespondAsync(context, 400, "{\"errorMessage\":\"Invalid request ID\",\"errorType\":\"InvalidRequestID\"}").ConfigureAwait(false);
            return;
        }

        if (!isError && body.Length > 6 * 1024 * 1024)
        {
            await RespondAsync(context, 413, "{\"errorMessage\":\"Response payload too large\",\"errorType\":\"RequestEntityTooLarge\"}").ConfigureAwait(false);
            instance.Finish(current, InvocationResult.Error("Function.ResponseSizeTooLarge", "Response payload size exceeded maximum allowed payload size (6291556 bytes)."));
            return;
        }

        string? errorType = isError ? context.Request.Headers["Lambda-Runtime-Function-Error-Type"].ToString() : null;
        await RespondAsync(context, 202, "{\"status\":\"OK\"}").ConfigureAwait(false);
        instance.Finish(current, new InvocationResult(isError, body, string.IsNullOrEmpty(errorType) ? (isError ? "Unhandled" : null) : errorType));
    }

    private static async Task<byte[]> ReadBytesAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted).ConfigureAwait(false);
        return buffer.ToArray();
    }

    private static async Task<string> ReadBodyAsync(HttpContext context) =>
        Encoding.UTF8.GetString(await ReadBytesAsync(context).ConfigureAwait(false));

    private static async Task RespondAsync(HttpContext context, int status, string json)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(json, context.RequestAborted).ConfigureAwait(false);
    }
}
