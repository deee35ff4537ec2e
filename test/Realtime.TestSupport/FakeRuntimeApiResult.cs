namespace Realtime.TestSupport;

/// <summary>What a function posted to the <see cref="FakeRuntimeApi"/>.</summary>
/// <param name="Kind">Response, invocation error or init error.</param>
/// <param name="RequestId">The invocation's request id; null for an init error.</param>
/// <param name="Body">The posted body (the response JSON, or <c>{"errorType","errorMessage","stackTrace"}</c>).</param>
/// <param name="ContentType">The posted Content-Type.</param>
/// <param name="ErrorType">The Lambda-Runtime-Function-Error-Type header, for errors.</param>
public sealed record FakeRuntimeApiResult(
    FakeRuntimeApiResultKind Kind, string? RequestId, string Body, string? ContentType, string? ErrorType)
{
    /// <summary>True for an invocation or init error.</summary>
    public bool IsError => Kind != FakeRuntimeApiResultKind.Response;
}
