using Realtime.Aws;
using Realtime.LocalCloud.Iam;

namespace Realtime.LocalCloud.Auth;

/// <summary>Who signed a request (when valid), or why it was refused; <see cref="Reason"/> is safe to log.</summary>
internal sealed record AuthenticationResult(IssuedCredentials? Identity, SigV4VerificationStatus Status, string Reason)
{
    public bool IsValid => Identity is not null;
}
