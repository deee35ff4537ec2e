namespace Realtime.Client;

/// <summary>The session API refused or failed a request (GET / or POST /renew); the message never contains a secret.</summary>
public sealed class SessionApiException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SessionApiException(string message, int? statusCode = null)
        : base(message) => StatusCode = statusCode;

    /// <summary>Creates the exception with a default message.</summary>
    public SessionApiException()
        : base("The session API failed.")
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public SessionApiException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The HTTP status, when there was an answer.</summary>
    public int? StatusCode { get; }

    /// <summary>True for 401/403: the credentials are not (or no longer) accepted, so retrying cannot help.</summary>
    public bool IsRefused => StatusCode is 401 or 403;
}
