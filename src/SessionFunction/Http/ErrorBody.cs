namespace SessionFunction.Http;

/// <summary>The JSON body of every error answer: a stable machine-readable code and a sentence for people.</summary>
/// <param name="Error">A snake_case code, e.g. <c>not_found</c>.</param>
/// <param name="Message">What went wrong and what to do.</param>
/// <param name="RequestId">The Lambda request id, to find the matching log lines.</param>
internal sealed record ErrorBody(string Error, string Message, string? RequestId);
