using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Realtime.TestSupport;

/// <summary>
/// An in-process Lambda Runtime API (2018-06-01) on 127.0.0.1 and a free port, for running a function's real loop
/// (in-process through LambdaBootstrap, or its executable with <c>AWS_LAMBDA_RUNTIME_API=</c><see cref="Address"/>).
/// Queue invocations with <see cref="Enqueue(string, string?, TimeSpan?)"/>; await what the function posts with
/// <see cref="WaitForResultAsync"/> and <see cref="WaitForInitErrorAsync"/>. Thread-safe.
/// </summary>
public sealed class FakeRuntimeApi : IAsyncDisposable
{
    private const string Prefix = "/2018-06-01/runtime/";

    private readonly WebApplication _app;
    private readonly Channel<FakeRuntimeApiInvocation> _pending = Channel.CreateUnbounded<FakeRuntimeApiInvocation>();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<FakeRuntimeApiResult>> _results = new();
    private readonly TaskCompletionSource<FakeRuntimeApiResult> _initError = NewSource();
    private readonly CancellationTokenSource _stopping = new();
    private int _nextRequests;
    private int _disposed;

    private FakeRuntimeApi(WebApplication app)
    {
        _app = app;
        app.Run(HandleAsync);
    }

    /// <summary>The value for AWS_LAMBDA_RUNTIME_API: <c>127.0.0.1:port</c>.</summary>
    public string Address { get; private set; } = "";

    /// <summary>How many <c>GET /runtime/invocation/next</c> requests have arrived so far.</summary>
    public int NextRequestCount => Volatile.Read(ref _nextRequests);

    /// <summary>Starts the server on a free loopback port.</summary>
    public static async Task<FakeRuntimeApi> StartAsync(CancellationToken cancellationToken = default)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(options => options.Listen(IPAddress.Loopback, 0));
        var api = new FakeRuntimeApi(builder.Build());
        await api._app.StartAsync(cancellationToken).ConfigureAwait(false);
        api.Address = new Uri(api._app.Urls.First()).Authority;
        return api;
    }

    /// <summary>Queues an invocation with a fresh request id (unless given) and a deadline <paramref name="timeout"/> (default 30 s) from now.</summary>
    public FakeRuntimeApiInvocation Enqueue(string body, string? requestId = null, TimeSpan? timeout = null)
    {
        var invocation = new FakeRuntimeApiInvocation(
            requestId ?? Guid.NewGuid().ToString(), body, DateTimeOffset.UtcNow + (timeout ?? TimeSpan.FromSeconds(30)));
        Enqueue(invocation);
        return invocation;
    }

    /// <summary>Queues an invocation exactly as given (e.g. with headers omitted).</summary>
    public void Enqueue(FakeRuntimeApiInvocation invocation)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        _pending.Writer.TryWrite(invocation);
    }

    /// <summary>Waits for the response or invocation error posted for <paramref name="requestId"/>.</summary>
    public Task<FakeRuntimeApiResult> WaitForResultAsync(string requestId, TimeSpan timeout)
        => WaitAsync(ResultSource(requestId).Task, timeout, $"a response or error for request {requestId}");

    /// <summary>Waits for <c>POST /runtime/init/error</c>.</summary>
    public Task<FakeRuntimeApiResult> WaitForInitErrorAsync(TimeSpan timeout)
        => WaitAsync(_initError.Task, timeout, "an init error");

    /// <summary>Stops the server; pending long-polls end. Safe to call more than once.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        using var stopTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(stopTimeout.Token).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    private static TaskCompletionSource<FakeRuntimeApiResult> NewSource()
        => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static async Task<FakeRuntimeApiResult> WaitAsync(Task<FakeRuntimeApiResult> task, TimeSpan timeout, string what)
    {
        try
        {
            return await task.WaitAsync(timeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"The function posted no {what} within {timeout.TotalSeconds:0.#} s.");
        }
    }

    private TaskCompletionSource<FakeRuntimeApiResult> ResultSource(string requestId)
        => _results.GetOrAdd(requestId, _ => NewSource());

    private async Task HandleAsync(HttpContext http)
    {
        string path = http.Request.Path.Value ?? "";
        if (!path.StartsWith(Prefix, StringComparison.Ordinal))
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        string[] segments = path[Prefix.Length..].Split('/');
        switch (http.Request.Method, segments)
        {
            case ("GET", ["invocation", "next"]):
                await SendNextAsync(http).ConfigureAwait(false);
                break;
            case ("POST", ["invocation", var id, "response"]):
                await RecordAsync(http, ResultSource(Uri.UnescapeDataString(id)), Uri.UnescapeDataString(id), FakeRuntimeApiResultKind.Response).ConfigureAwait(false);
                break;
            case ("POST", ["invocation", var id, "error"]):
                await RecordAsync(http, ResultSource(Uri.UnescapeDataString(id)), Uri.UnescapeDataString(id), FakeRuntimeApiResultKind.InvocationError).ConfigureAwait(false);
                break;
            case ("POST", ["init", "error"]):
                await RecordAsync(http, _initError, null, FakeRuntimeApiResultKind.InitError).ConfigureAwait(false);
                break;
            default:
                http.Response.StatusCode = StatusCodes.Status404NotFound;
                break;
        }
    }

    private async Task SendNextAsync(HttpContext http)
    {
        Interlocked.Increment(ref _nextRequests);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, _stopping.Token);
        FakeRuntimeApiInvocation invocation;
        try
        {
            invocation = await _pending.Reader.ReadAsync(stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return;
        }

        foreach ((string name, string value) in invocation.Headers())
        {
            http.Response.Headers[name] = value;
        }

        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(invocation.Body, Encoding.UTF8, CancellationToken.None).ConfigureAwait(false);
    }

    private static async Task RecordAsync(
        HttpContext http, TaskCompletionSource<FakeRuntimeApiResult> source, string? requestId, FakeRuntimeApiResultKind kind)
    {
        using var reader = new StreamReader(http.Request.Body, Encoding.UTF8);
        string body = await reader.ReadToEndAsync(http.RequestAborted).ConfigureAwait(false);
        var result = new FakeRuntimeApiResult(
            kind, requestId, body, http.Request.ContentType,
            http.Request.Headers.TryGetValue("Lambda-Runtime-Function-Error-Type", out var type) ? type.ToString() : null);

        // Like Lambda, accept one outcome per invocation; a second post is a runtime bug worth a 400.
        http.Response.StatusCode = source.TrySetResult(result) ? StatusCodes.Status202Accepted : StatusCodes.Status400BadRequest;
        await http.Response.WriteAsync(
            http.Response.StatusCode == 202 ? "{\"status\":\"OK\"}" : "{\"errorMessage\":\"already answered\"}",
            CancellationToken.None).ConfigureAwait(false);
    }
}
