using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Realtime.Aws;
using Realtime.Aws.Tests.Suite;
using Realtime.LocalCloud.Auth;
using Realtime.LocalCloud.Iam;

namespace Realtime.LocalCloud.Tests.SigV4Suite;

/// <summary>
/// The local cloud's request authentication (SigV4Authenticator: raw target, headers and body of an ASP.NET Core request,
/// the identity store) over the official suite's signed requests, presigned (query) and with an Authorization header:
/// each must authenticate as its key's owner; every mutated copy must be refused.
/// </summary>
public sealed class SigV4AuthenticatorSuiteTests
{
    public static TheoryData<string, string> Cases() => SuiteCase.NamesInBothModes();

    private static AuthenticationResult Authenticate(SuiteCase suiteCase, RawHttpRequest request, bool presigned, AwsCredentials credentials, DateTimeOffset now)
    {
        var context = new DefaultHttpContext();
        context.Features.Get<IHttpRequestFeature>()!.RawTarget = request.Target;
        context.Request.Method = request.Method;
        foreach (var (name, value) in request.Headers())
        {
            context.Request.Headers.Append(name, value);
        }

        var store = new CredentialStore(new FixedTime(now));
        store.Add(new IssuedCredentials(credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken, "arn:aws:iam::000000000000:user/suite", null, Rights.Administrator, null));
        var options = new SigV4VerifierOptions(suiteCase.Service)
        {
            Region = suiteCase.Region,
            SessionTokenMode = suiteCase.OmitSessionToken ? SigV4SessionTokenMode.Unsigned : SigV4SessionTokenMode.Signed,
        };
        return SigV4Authenticator.Authenticate(context, Encoding.UTF8.GetBytes(request.Body), options, presigned, store, now);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void SuitesSignedRequest_Authenticates_AndEveryMutationIsRefused(string name, string mode)
    {
        SuiteCase suiteCase = SuiteCase.Load(name);
        bool presigned = mode == "query";
        RawHttpRequest signed = RawHttpRequest.Parse(suiteCase.Expected($"{mode}-signed-request.txt"));

        AuthenticationResult original = Authenticate(suiteCase, signed, presigned, suiteCase.Credentials, suiteCase.Timestamp);
        if (!suiteCase.Normalize && !SameSignatureAsNormalizedTwin(suiteCase, mode))
        {
            // Signed without path normalization, which AWS services other than S3 (and this verifier) apply.
            Assert.Equal(SigV4VerificationStatus.SignatureMismatch, original.Status);
            return;
        }

        Assert.True(original.IsValid, $"{name} ({mode}): {original.Reason}");
        Assert.Equal("arn:aws:iam::000000000000:user/suite", original.Identity!.PrincipalArn);
        TimeSpan validity = presigned ? suiteCase.Expiration : TimeSpan.FromMinutes(15);
        foreach (var (what, request, credentials, now) in new SignedRequestMutations(name, signed, suiteCase.Credentials, suiteCase.Timestamp).All(presigned, validity))
        {
            AuthenticationResult result = Authenticate(suiteCase, request, presigned, credentials, now);
            Assert.False(result.IsValid, $"{name} ({mode}) with a changed {what} was accepted");
            Assert.Null(result.Identity);
        }
    }

    private static bool SameSignatureAsNormalizedTwin(SuiteCase suiteCase, string mode) =>
        SuiteCase.Load(suiteCase.Name.Replace("-unnormalized", "-normalized", StringComparison.Ordinal)).Expected($"{mode}-signature.txt")
        == suiteCase.Expected($"{mode}-signature.txt");

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
