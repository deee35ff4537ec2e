using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Realtime.Lambda;

/// <summary>The invoke loop: one invocation at a time, each ending in exactly one response or invocation error.</summary>
internal sealed class InvocationLoop<TRequest, TResponse>
{
    private readonly RuntimeApiClient _client;
    private readonly LambdaHandler<TRequest, TResponse> _handler;
    private readonly Func<byte[], TRequest> _readRequest;
    private readonly JsonTypeInfo<TResponse> _responseType;
    private readonly FunctionSettings _settings;
    private readonly LambdaConsoleLogger _logger;
    private readonly TimeProvider _timeProvider;

    public InvocationLoop(
        RuntimeApiClient client,
        LambdaHandler<TRequest, TResponse> handler,
        Func<byte[], TRequest> readRequest,
        JsonTypeInfo<TResponse> responseType,
        FunctionSettings settings,
        LambdaConsoleLogger logger,
        TimeProvider timeProvider)
    {
        _client = client;
        _handler = handler;
        _readRequest = readRequest;
        _responseType = responseType;
        _settings = settings;
        _logger = logger;
        _timeProvider = timeProvider;
    }

    /// <summary>Runs until cancelled; Runtime API transport failures end the loop by exception.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            RuntimeInvocation invocation = await _client.GetNextInvocationAsync(cancellationToken).ConfigureAwait(false);
            _logger.RequestId = invocation.RequestId;
            try
            {
                await InvokeAsync(invocation, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _logger.RequestId = null;
            }
        }
    }

    private async Task InvokeAsync(RuntimeInvocation invocation, CancellationToken cancellationToken)
    {
        // Per invocation, before anything can fail, so a stale id from the previous invocation never leaks into this one.
        Environment.SetEnvironmentVariable(
            EnvironmentVariableNames.TraceId, invocation.Headers.GetValueOrDefault(RuntimeApiHeaders.TraceId));
        try
        {
            byte[]? responseBody = null;
            LambdaErrorBody? error = null;
            try
            {
                var context = LambdaContext.Create(invocation, _settings, _logger, _timeProvider);
                TRequest request = _readRequest(invocation.Body);
                TResponse response = await _handler(request, context).ConfigureAwait(false);
                responseBody = JsonSerializer.SerializeToUtf8Bytes(response, _responseType);
            }
            catch (Exception ex) when (!(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
            {
                // A failed invocation is the function's business, not the runtime's: report it and take the next one.
                _logger.Log(LambdaLogLevel.Error, $"Invocation failed: {ex}");
                error = LambdaErrorBody.From(ex);
            }

            await (error is null
                ? _client.SendResponseAsync(invocation.RequestId, responseBody!, cancellationToken)
                : _client.ReportInvocationErrorAsync(invocation.RequestId, error, cancellationToken)).ConfigureAwait(false);
        }
        catch (RuntimeApiException ex)
        {
            // The Runtime API refused the outcome (e.g. 413 for a response over the payload limit). Lambda then fails
            // the invocation itself; the runtime logs it and goes on.
            _logger.Log(LambdaLogLevel.Error, ex.Message);
        }
    }
}
