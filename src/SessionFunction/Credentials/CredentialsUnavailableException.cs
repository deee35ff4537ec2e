namespace SessionFunction.Credentials;

/// <summary>
/// The session's credentials could not be obtained (STS refused, failed or timed out). The handler answers 502 with
/// <see cref="Exception.Message"/>, which is safe to show a browser; <see cref="Detail"/> is for the log only.
/// </summary>
internal sealed class CredentialsUnavailableException(string message, string detail, Exception? innerException = null)
    : Exception(message, innerException)
{
    /// <summary>What went wrong in detail (STS error code and message); never contains secrets.</summary>
    public string Detail { get; } = detail;
}
