using SessionFunction.Sessions;

namespace SessionFunction.Credentials;

/// <summary>Gets the credentials a session's URL is signed with (the I/O seam in front of STS).</summary>
internal interface ICredentialsIssuer
{
    /// <summary>True when the credentials are limited to the session's scope (CLIENT_ROLE_ARN is set).</summary>
    bool IsScoped { get; }

    /// <summary>Credentials for <paramref name="scope"/>; throws <see cref="CredentialsUnavailableException"/> on failure.</summary>
    Task<BrowserCredentials> IssueAsync(SessionScope scope, CancellationToken cancellationToken);
}
