using System.Net;

namespace SessionFunction.Credentials;

/// <summary>STS answered with an error document (or something that is not STS's answer).</summary>
internal sealed class StsException(HttpStatusCode statusCode, string errorCode, string message) : Exception(message)
{
    /// <summary>The HTTP status of the answer.</summary>
    public HttpStatusCode StatusCode { get; } = statusCode;

    /// <summary>STS's error code (AccessDenied, MalformedPolicyDocument, Throttling, ...), or "" when the answer had none.</summary>
    public string ErrorCode { get; } = errorCode;

    /// <summary>Worth trying again: throttling or a server-side failure.</summary>
    public bool IsTransient => (int)StatusCode >= 500 || StatusCode == HttpStatusCode.TooManyRequests
        || ErrorCode is "Throttling" or "ThrottlingException" or "RequestLimitExceeded" or "ServiceUnavailable" or "InternalFailure";
}
