using Realtime.Aws;
using SessionFunction.Credentials;
using SessionFunction.Sessions;

namespace SessionFunction.Tests.Support;

/// <summary>Hands out fixed "STS" credentials (or fails as told) and remembers the scopes it was asked for.</summary>
internal sealed class FakeCredentialsIssuer : ICredentialsIssuer
{
    public static readonly AwsCredentials Credentials =
        new("ASIAFAKESTSKEY000001", "sts-secret-key-DO-NOT-LOG-abcdef", "sts-session-token-DO-NOT-LOG/with+special=chars");

    public List<SessionScope> Scopes { get; } = [];

    public DateTimeOffset? Expiration { get; init; } = TestSettings.Now.AddSeconds(900);

    public Exception? Failure { get; init; }

    public bool IsScoped => true;

    public Task<BrowserCredentials> IssueAsync(SessionScope scope, CancellationToken cancellationToken)
    {
        Scopes.Add(scope);
        return Failure is null ? Task.FromResult(new BrowserCredentials(Credentials, Expiration)) : Task.FromException<BrowserCredentials>(Failure);
    }
}
