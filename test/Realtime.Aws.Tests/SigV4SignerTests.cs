using System.Text;
using Realtime.TestSupport;

namespace Realtime.Aws.Tests;

public sealed class SigV4SignerTests
{
    private const string Secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private static readonly AwsCredentials Credentials = new("AKIDEXAMPLE", Secret);
    private static readonly DateTimeOffset Time = new(2015, 8, 30, 12, 36, 0, TimeSpan.Zero);

    [Fact]
    public void DeriveSigningKey_MatchesAwsDocumentationExample()
    {
        // AWS docs, "Examples of how to derive a signing key for Signature Version 4" (20120215, us-east-1, iam).
        byte[] key = SigV4Signer.DeriveSigningKey(Secret, new DateTimeOffset(2012, 2, 15, 0, 0, 0, TimeSpan.Zero), "us-east-1", "iam");

        Assert.Equal("f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d", Convert.ToHexStringLower(key));
    }

    [Fact]
    public void LowLevelSteps_MatchAwsDocumentationIamExample()
    {
        // AWS docs worked example: GET https://iam.amazonaws.com/?Action=ListUsers&Version=2010-05-08 at 20150830T123600Z.
        var request = new SigV4Request("GET", "/", [new("Version", "2010-05-08"), new("Action", "ListUsers")],
            [new("Host", "iam.amazonaws.com"), new("Content-Type", "application/x-www-form-urlencoded; charset=utf-8"), new("X-Amz-Date", "20150830T123600Z")],
            SigV4Signer.EmptyPayloadHash);

        string canonical = SigV4Signer.CanonicalRequest(request);
        string stringToSign = SigV4Signer.StringToSign(Time, SigV4Signer.CredentialScope(Time, "us-east-1", "iam"), canonical);
        byte[] key = SigV4Signer.DeriveSigningKey(Secret, Time, "us-east-1", "iam");
        string signature = SigV4Signer.Signature(key, stringToSign);

        Assert.Equal(
            "GET\n/\nAction=ListUsers&Version=2010-05-08\ncontent-type:application/x-www-form-urlencoded; charset=utf-8\n"
            + "host:iam.amazonaws.com\nx-amz-date:20150830T123600Z\n\ncontent-type;host;x-amz-date\n" + SigV4Signer.EmptyPayloadHash,
            canonical);
        Assert.EndsWith("\nf536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59", stringToSign, StringComparison.Ordinal);
        Assert.Equal("c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9", Convert.ToHexStringLower(key));
        Assert.Equal("5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7", signature);
    }

    [Fact]
    public void DeriveSigningKey_AgreesWithReferenceImplementation()
    {
        byte[] ours = SigV4Signer.DeriveSigningKey(Secret, Time, "eu-west-1", "iotdata");

        Assert.Equal(ReferenceSigV4.SigningKey(Secret, "20150830", "eu-west-1", "iotdata"), ours);
    }

    [Fact]
    public void CanonicalRequest_DoubleEncodesAnEncodedTopicPath()
    {
        // docs/aws-facts.md: the topic is one path segment; my%2Ftopic on the wire is signed as my%252Ftopic.
        var request = new SigV4Request("POST", "/topics/my%2Ftopic", [new("qos", "1")], [new("Host", "data.iot")], SigV4Signer.EmptyPayloadHash);

        string canonical = SigV4Signer.CanonicalRequest(request);

        Assert.StartsWith("POST\n/topics/my%252Ftopic\nqos=1\n", canonical, StringComparison.Ordinal);
    }

    [Fact]
    public void CanonicalRequest_WithoutDoubleEncoding_KeepsThePath()
    {
        var request = new SigV4Request("GET", "/my%2Fkey", [], [new("Host", "s3")], SigV4Signer.EmptyPayloadHash);

        Assert.StartsWith("GET\n/my%2Fkey\n", SigV4Signer.CanonicalRequest(request, normalizePath: false, doubleEncodePath: false), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a=1&b=2&a=0", "a=0&a=1&b=2")]
    [InlineData("b&a=", "a=&b=")]
    [InlineData("x=a%20b&y=a+b", "x=a%20b&y=a%2Bb")]
    [InlineData("k=%E1%88%B4", "k=%E1%88%B4")]
    public void CanonicalRequest_SortsAndEncodesQuery(string rawQuery, string canonicalQuery)
    {
        var request = new SigV4Request("GET", "/", SigV4Request.ParseQuery(rawQuery), [new("Host", "h")], SigV4Signer.EmptyPayloadHash);

        Assert.Equal(canonicalQuery, SigV4Signer.CanonicalRequest(request).Split('\n')[2]);
    }

    [Fact]
    public void SignHeaders_WithSessionToken_SignsTokenHeader()
    {
        var request = new SigV4Request("GET", "/", [], [new("Host", "example.amazonaws.com")], SigV4Signer.EmptyPayloadHash);
        var parameters = new SigV4SigningParameters(Credentials with { SessionToken = "tok" }, "us-east-1", "service", Time);

        SigV4SigningResult result = SigV4Signer.SignHeaders(request, parameters);

        Assert.Equal(["X-Amz-Security-Token", "X-Amz-Date", "Authorization"], result.Headers.Select(h => h.Key));
        Assert.Contains("SignedHeaders=host;x-amz-date;x-amz-security-token,", result.Headers[^1].Value, StringComparison.Ordinal);
    }

    [Fact]
    public void PresignQuery_RejectsExpiryOutsideSigV4Limits()
    {
        var request = new SigV4Request("GET", "/", [], [new("Host", "h")], SigV4Signer.EmptyPayloadHash);
        var parameters = new SigV4SigningParameters(Credentials, "us-east-1", "service", Time);

        Assert.Throws<ArgumentOutOfRangeException>(() => SigV4Signer.PresignQuery(request, parameters, TimeSpan.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => SigV4Signer.PresignQuery(request, parameters, TimeSpan.FromDays(8)));
    }

    [Fact]
    public async Task SignRequest_HttpRequestMessage_IsAcceptedByVerifier()
    {
        byte[] body = Encoding.UTF8.GetBytes("{\"hello\":1}");
        using var message = new HttpRequestMessage(HttpMethod.Post, "https://DATA.iot.us-east-1.amazonaws.com:8443/topics/a%2Fb?qos=1")
        {
            Content = new ByteArrayContent(body),
        };
        message.Content.Headers.ContentType = new("application/json");
        var temporary = Credentials with { SessionToken = "session/token+1" };

        SigV4Signer.SignRequest(message, new SigV4SigningParameters(temporary, "us-east-1", "iotdata", Time), SigV4Signer.HashPayload(body));

        var headers = message.Headers.Select(h => new KeyValuePair<string, string>(h.Key, string.Join(",", h.Value))).ToList();
        headers.Add(new("Host", "data.iot.us-east-1.amazonaws.com:8443"));
        headers.Add(new("Content-Type", message.Content.Headers.ContentType!.ToString()));
        SigV4Request received = SigV4Request.FromTarget("POST", "/topics/a%2Fb?qos=1", headers, SigV4Signer.HashPayload(await message.Content.ReadAsByteArrayAsync()));
        SigV4VerificationResult result = SigV4Verifier.VerifyAuthorizationHeader(received, _ => temporary, new SigV4VerifierOptions("iotdata"), Time);
        Assert.True(result.IsValid, result.Reason);
    }

    [Fact]
    public void SigningResult_ToString_DoesNotRevealSignatureOrToken()
    {
        var request = new SigV4Request("GET", "/", [], [new("Host", "h")], SigV4Signer.EmptyPayloadHash);
        var parameters = new SigV4SigningParameters(Credentials with { SessionToken = "secret-token" }, "us-east-1", "service", Time);

        SigV4SigningResult headers = SigV4Signer.SignHeaders(request, parameters);
        SigV4SigningResult query = SigV4Signer.PresignQuery(request, parameters, TimeSpan.FromMinutes(1));

        foreach (SigV4SigningResult result in new[] { headers, query })
        {
            Assert.DoesNotContain(result.Signature, result.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain("secret-token", result.ToString(), StringComparison.Ordinal);
        }
    }
}
