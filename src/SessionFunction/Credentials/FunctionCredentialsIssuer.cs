using Realtime.Aws;
using SessionFunction.Sessions;

namespace SessionFunction.Credentials;

/// <summary>
/// Unscoped mode (no CLIENT_ROLE_ARN): signs with the function's own credentials, so a browser gets every IoT right of
/// the function's role. Meant for local use and demos; the startup logs a warning once.
/// </summary>
internal sealed class FunctionCredentialsIssuer(AwsCredentials functionCredentials) : ICredentialsIssuer
{
    private readonly Task<BrowserCredentials> _issued = Task.FromResult(new BrowserCredentials(functionCredentials, Expiration: null));

    public bool IsScoped => false;

    public Task<BrowserCredentials> IssueAsync(SessionScope scope, CancellationToken cancellationToken) => _issued;
}
