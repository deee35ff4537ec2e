namespace Realtime.Aws.Tests.Suite;

/// <summary>
/// The verifier (used by the local cloud for IoT, STS and DynamoDB) over the official suite's own signed requests, which
/// AWS's signers produced, not ours: each must verify; each mutated copy must be refused.
/// </summary>
public sealed class SigV4SuiteVerifierTests
{
    public static TheoryData<string, string> Cases() => SigV4SuiteTests.Cases();

    internal static SigV4VerificationResult Verify(SuiteCase suiteCase, RawHttpRequest request, bool presigned, AwsCredentials credentials, DateTimeOffset now)
    {
        var sigV4 = SigV4Request.FromTarget(request.Method, request.Target, request.Headers(), SigV4Signer.HashPayload(System.Text.Encoding.UTF8.GetBytes(request.Body)));
        var options = new SigV4VerifierOptions(suiteCase.Service)
        {
            Region = suiteCase.Region,
            SessionTokenMode = suiteCase.OmitSessionToken ? SigV4SessionTokenMode.Unsigned : SigV4SessionTokenMode.Signed,
        };
        AwsCredentials? Lookup(string keyId) => keyId == credentials.AccessKeyId ? credentials : null;
        return presigned
            ? SigV4Verifier.VerifyPresignedQuery(sigV4, Lookup, options, now)
            : SigV4Verifier.VerifyAuthorizationHeader(sigV4, Lookup, options, now);
    }

    /// <summary>
    /// The verifier normalizes paths, as every AWS service but S3 does. A case signed without normalization is valid for it
    /// only when normalizing changes nothing: when the suite's normalized twin has the same signature.
    /// </summary>
    internal static bool VerifierShouldAccept(SuiteCase suiteCase, string mode)
    {
        if (suiteCase.Normalize)
        {
            return true;
        }

        string twin = suiteCase.Name.Replace("-unnormalized", "-normalized", StringComparison.Ordinal);
        return SuiteCase.Load(twin).Expected($"{mode}-signature.txt") == suiteCase.Expected($"{mode}-signature.txt");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void SuitesSignedRequest_Verifies_AndEveryMutationIsRefused(string name, string mode)
    {
        SuiteCase suiteCase = SuiteCase.Load(name);
        bool presigned = mode == "query";
        RawHttpRequest signed = RawHttpRequest.Parse(suiteCase.Expected($"{mode}-signed-request.txt"));

        SigV4VerificationResult original = Verify(suiteCase, signed, presigned, suiteCase.Credentials, suiteCase.Timestamp);
        if (!VerifierShouldAccept(suiteCase, mode))
        {
            Assert.Equal(SigV4VerificationStatus.SignatureMismatch, original.Status);
            return;
        }

        Assert.True(original.IsValid, $"{name} ({mode}): {original.Reason}");
        var mutations = new SignedRequestMutations(name, signed, suiteCase.Credentials, suiteCase.Timestamp);
        TimeSpan validity = presigned ? suiteCase.Expiration : TimeSpan.FromMinutes(15);
        int checkedCount = 0;
        foreach (var (what, request, credentials, now) in mutations.All(presigned, validity))
        {
            SigV4VerificationResult result = Verify(suiteCase, request, presigned, credentials, now);
            Assert.False(result.IsValid, $"{name} ({mode}) with a changed {what} was accepted");
            checkedCount++;
        }

        Assert.True(checkedCount >= 10);
    }
}
