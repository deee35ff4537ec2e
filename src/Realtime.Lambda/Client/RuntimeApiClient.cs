using System.Net.Http.Headers;
using System.Text.Json;

namespace Realtime.Lambda;

/// <summary>Talks to the Lambda Runtime API (<c>http://$AWS_LAMBDA_RUNTIME_API/2018-06-01</c>); turns HTTP answers into domain objects.</summary>
internal sealed class RuntimeApiClient : IDisposable
{
    public const string ErrorContentType = "application/vnd.aws.lambda.error+json";

    private readonly HttpClient _http;

    public RuntimeApiClient(Uri baseAddress)
    {
        _http = new HttpClient
        {
            BaseAddress = baseAddress,
            // No client timeout: "next" legitimately waits as long as there is no work, and Lambda freezes the whole
            // process between invocations, so wall-clock time passes mid-request. Callers cancel with tokens instead.
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    /// <summary>Parses AWS_LAMBDA_RUNTIME_API (<c>host:port</c>) into the versioned base address.</summary>
    public static bool TryCreateBaseAddress(string? runtimeApi, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Uri? baseAddress)
    {
        baseAddress = null;
        if (string.IsNullOrWhiteSpace(runtimeApi)
            || !Uri.TryCreate($"http://{runtimeApi.Trim()}/2018-06-01/", UriKind.Absolute, out Uri? uri)
            || uri.AbsolutePath != "/2018-06-01/")
        {
            return false;
        }

        baseAddress = uri;
        return true;
    }

    /// <summary>Long-polls <c>GET /runtime/invocation/next</c> until Lambda hands out an event.</summary>
    public async Task<RuntimeInvocation> GetNextInvocationAsync(CancellationToken cancellationToken)
    {
        using HttpResponseMessage response = await _http.GetAsync("runtime/invocation/next", cancellationToken)
            .ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new RuntimeApiException($"GET /runtime/invocation/next answered {(int)response.StatusCode}.");
        }

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (KeyValuePair<string, IEnumerable<string>> header in response.Headers)
        {
            headers[header.Key] = string.Join(',', header.Value);
        }

        if (!headers.TryGetValue(RuntimeApiHeaders.RequestId, out string? requestId) || string.IsNullOrWhiteSpace(requestId))
        {
            throw new RuntimeApiException(
                $"The next invocation has no {RuntimeApiHeaders.RequestId} header, so it cannot be answered.");
        }

        byte[] body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        return new RuntimeInvocation(requestId, headers, body);
    }

    /// <summary>Posts the handler's serialized result (<c>POST /runtime/invocation/{id}/response</c>).</summary>
    public Task SendResponseAsync(string requestId, byte[] body, CancellationToken cancellationToken)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return PostAsync($"runtime/invocation/{Uri.EscapeDataString(requestId)}/response", content, cancellationToken);
    }

    /// <summary>Reports a failed invocation (<c>POST /runtime/invocation/{id}/error</c>).</summary>
    public Task ReportInvocationErrorAsync(string requestId, LambdaErrorBody error, CancellationToken cancellationToken)
        => PostAsync($"runtime/invocation/{Uri.EscapeDataString(requestId)}/error", CreateErrorContent(error), cancellationToken);

    /// <summary>Reports that the function could not start (<c>POST /runtime/init/error</c>).</summary>
    public Task ReportInitErrorAsync(LambdaErrorBody error, CancellationToken cancellationToken)
        => PostAsync("runtime/init/error", CreateErrorContent(error), cancellationToken);

    public void Dispose() => _http.Dispose();

    private static ByteArrayContent CreateErrorContent(LambdaErrorBody error)
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(error, RuntimeApiJsonContext.Default.LambdaErrorBody));
        content.Headers.ContentType = new MediaTypeHeaderValue(ErrorContentType);
        content.Headers.Add(RuntimeApiHeaders.FunctionErrorType, error.ErrorType);
        return content;
    }

    private async Task PostAsync(string path, HttpContent content, CancellationToken cancellationToken)
    {
        using (content)
        using (HttpResponseMessage response = await _http.PostAsync(path, content, cancellationToken).ConfigureAwait(false))
        {
            if (!response.IsSuccessStatusCode)
            {
                throw new RuntimeApiException($"POST /{path} answered {(int)response.StatusCode} {response.ReasonPhrase}.");
            }
        }
    }
}
