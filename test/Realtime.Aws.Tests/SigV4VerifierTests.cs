namespace Realtime.Aws.Tests;

public sealed class SigV4VerifierTests
{
    private static readonly AwsCredentials Temporary = new("AKIDLOCALSTACK0001", "local-secret/key+1", "local-session-token");
    private static readonly AwsCredentials LongTerm = new("AKIDLOCALSTACK0002", "other-secret");
    private static readonly DateTimeOffset Time = new(2026, 11, 22, 1, 0, 0, TimeSpan.Zero);
    private static readonly SigV4VerifierOptions Mqtt = new(IotWebSocketPresigner.Service) { Region = "us-east-1", SessionTokenMode = SigV4SessionTokenMode.Unsigned };
    private static readonly SigV4VerifierOptions IotData = new("iotdata") { Region = "us-east-1" };

    private static AwsCredentials? Lookup(string accessKeyId) =>
        accessKeyId == Temporary.AccessKeyId ? Temporary : accessKeyId == LongTerm.AccessKeyId ? LongTerm : null;

    private static SigV4Request PresignedMqttRequest(AwsCredentials credentials, Func<string, string>? tamper = null)
    {
        Uri url = IotWebSocketPresigner.Presign(new Uri("ws://127.0.0.1:4567/mqtt"), "us-east-1", credentials, Time, TimeSpan.FromMinutes(5));
        string target = tamper is null ? url.PathAndQuery : tamper(url.PathAndQuery);
        return SigV4Request.FromTarget("GET", target, [new("Host", "127.0.0.1:4567"), new("Upgrade", "websocket")], SigV4Signer.EmptyPayloadHash);
    }

    private static SigV4Request HeaderSignedPublish(AwsCredentials credentials, string region = "us-east-1")
    {
        var request = new SigV4Request("POST", "/topics/foobar%2Fabc%2Frequest", [new("qos", "1")],
            [new("Host", "127.0.0.1:4567"), new("Content-Type", "application/json")], SigV4Signer.HashPayload("{}"u8));
        SigV4SigningResult signed = SigV4Signer.SignHeaders(request, new SigV4SigningParameters(credentials, region, "iotdata", Time));
        return request with { Headers = request.Headers.Concat(signed.Headers).ToList() };
    }

    [Fact]
    public void VerifyPresignedQuery_ValidUrl_IsValid()
    {
        SigV4VerificationResult result = SigV4Verifier.VerifyPresignedQuery(PresignedMqttRequest(Temporary), Lookup, Mqtt, Time.AddSeconds(30));

        Assert.True(result.IsValid, result.Reason);
        Assert.Equal(Temporary.AccessKeyId, result.AccessKeyId);
    }

    [Fact]
    public void VerifyPresignedQuery_TokenSignedWhereItMustNotBe_IsRejected()
    {
        // What a generic presigner does; AWS IoT answers 403 (docs/aws-facts.md).
        var request = new SigV4Request("GET", "/mqtt", [], [new("Host", "127.0.0.1:4567")], SigV4Signer.EmptyPayloadHash);
        string query = SigV4Signer.PresignQuery(request, new SigV4SigningParameters(Temporary, "us-east-1", "iotdevicegateway", Time), TimeSpan.FromMinutes(5)).Query;
        SigV4Request received = SigV4Request.FromTarget("GET", "/mqtt?" + query, request.Headers, SigV4Signer.EmptyPayloadHash);

        SigV4VerificationResult result = SigV4Verifier.VerifyPresignedQuery(received, Lookup, Mqtt, Time);

        Assert.Equal(SigV4VerificationStatus.SignatureMismatch, result.Status);
    }

    [Theory]
    [InlineData("X-Amz-Expires=300", "X-Amz-Expires=900", SigV4VerificationStatus.SignatureMismatch)]
    [InlineData("/mqtt", "/mqtt2", SigV4VerificationStatus.SignatureMismatch)]
    [InlineData("iotdevicegateway", "iotdata", SigV4VerificationStatus.ScopeMismatch)]
    [InlineData("us-east-1", "eu-west-1", SigV4VerificationStatus.ScopeMismatch)]
    [InlineData("AKIDLOCALSTACK0001", "AKIDUNKNOWN", SigV4VerificationStatus.UnknownAccessKey)]
    [InlineData("X-Amz-Algorithm=AWS4-HMAC-SHA256&", "", SigV4VerificationStatus.Malformed)]
    [InlineData("X-Amz-Expires=300", "X-Amz-Expires=abc", SigV4VerificationStatus.Malformed)]
    [InlineData("X-Amz-SignedHeaders=host", "X-Amz-SignedHeaders=upgrade", SigV4VerificationStatus.Malformed)]
    [InlineData("&X-Amz-Security-Token=local-session-token", "", SigV4VerificationStatus.InvalidSessionToken)]
    [InlineData("&X-Amz-Security-Token=local-session-token", "&X-Amz-Security-Token=forged", SigV4VerificationStatus.InvalidSessionToken)]
    public void VerifyPresignedQuery_TamperedUrl_FailsWithReason(string find, string replace, SigV4VerificationStatus expected)
    {
        SigV4Request request = PresignedMqttRequest(Temporary, target =>
        {
            Assert.Contains(find, target, StringComparison.Ordinal);
            return target.Replace(find, replace, StringComparison.Ordinal);
        });

        SigV4VerificationResult result = SigV4Verifier.VerifyPresignedQuery(request, Lookup, Mqtt, Time);

        Assert.Equal(expected, result.Status);
        Assert.DoesNotContain("local-session-token", result.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(Temporary.SecretAccessKey, result.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("X-Amz-SignedHeaders=host", "X-Amz-SignedHeaders=host%3B{0}")]
    [InlineData("X-Amz-SignedHeaders=host", "X-Amz-SignedHeaders=host%3BX-Amz-Signature%3D{0}")]
    [InlineData("iotdevicegateway", "{0}")]
    [InlineData("us-east-1", "{0}")]
    [InlineData("AKIDLOCALSTACK0001", "{0}")]
    public void VerifyPresignedQuery_ASignatureMovedIntoAnotherField_IsRefusedWithoutShowingIt(string find, string replace)
    {
        // A reason is logged: a mangled URL must not get its own signature into a log through the field that swallowed it.
        string signature = "";
        SigV4Request request = PresignedMqttRequest(Temporary, target =>
        {
            signature = target[(target.IndexOf("X-Amz-Signature=", StringComparison.Ordinal) + "X-Amz-Signature=".Length)..][..64];
            return target.Replace(find, string.Format(System.Globalization.CultureInfo.InvariantCulture, replace, signature), StringComparison.Ordinal);
        });

        SigV4VerificationResult result = SigV4Verifier.VerifyPresignedQuery(request, Lookup, Mqtt, Time);

        Assert.False(result.IsValid);
        Assert.DoesNotContain(signature, result.Reason, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("not shown", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void VerifyPresignedQuery_APlainShortValue_IsQuotedInTheReason()
    {
        SigV4Request request = PresignedMqttRequest(Temporary, target => target.Replace("us-east-1", "eu-west-1", StringComparison.Ordinal));

        SigV4VerificationResult result = SigV4Verifier.VerifyPresignedQuery(request, Lookup, Mqtt, Time);

        Assert.Contains("'eu-west-1'", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void VerifyPresignedQuery_WrongSecret_IsSignatureMismatch()
    {
        SigV4VerificationResult result = SigV4Verifier.VerifyPresignedQuery(
            PresignedMqttRequest(Temporary), _ => Temporary with { SecretAccessKey = "not-the-secret" }, Mqtt, Time);

        Assert.Equal(SigV4VerificationStatus.SignatureMismatch, result.Status);
    }

    [Theory]
    [InlineData(-16 * 60, SigV4VerificationStatus.Expired)]
    [InlineData(-60, SigV4VerificationStatus.Valid)]
    [InlineData(300, SigV4VerificationStatus.Valid)]
    [InlineData(301, SigV4VerificationStatus.Expired)]
    public void VerifyPresignedQuery_ChecksTimeWindow(int secondsFromSigning, SigV4VerificationStatus expected)
    {
        SigV4VerificationResult result = SigV4Verifier.VerifyPresignedQuery(PresignedMqttRequest(Temporary), Lookup, Mqtt, Time.AddSeconds(secondsFromSigning));

        Assert.Equal(expected, result.Status);
    }

    [Fact]
    public void VerifyAuthorizationHeader_SignedPublish_IsValid()
    {
        SigV4VerificationResult temporary = SigV4Verifier.VerifyAuthorizationHeader(HeaderSignedPublish(Temporary), Lookup, IotData, Time.AddMinutes(1));
        SigV4VerificationResult longTerm = SigV4Verifier.VerifyAuthorizationHeader(HeaderSignedPublish(LongTerm), Lookup, IotData, Time.AddMinutes(1));

        Assert.True(temporary.IsValid, temporary.Reason);
        Assert.True(longTerm.IsValid, longTerm.Reason);
    }

    [Fact]
    public void VerifyAuthorizationHeader_BodyChanged_IsSignatureMismatch()
    {
        SigV4Request request = HeaderSignedPublish(Temporary) with { PayloadHash = SigV4Signer.HashPayload("{\"x\":1}"u8) };

        Assert.Equal(SigV4VerificationStatus.SignatureMismatch, SigV4Verifier.VerifyAuthorizationHeader(request, Lookup, IotData, Time).Status);
    }

    [Fact]
    public void VerifyAuthorizationHeader_ClockSkewBeyond15Minutes_IsExpired()
    {
        Assert.Equal(SigV4VerificationStatus.Expired,
            SigV4Verifier.VerifyAuthorizationHeader(HeaderSignedPublish(Temporary), Lookup, IotData, Time.AddMinutes(16)).Status);
    }

    [Fact]
    public void VerifyAuthorizationHeader_WrongRegion_IsScopeMismatch()
    {
        Assert.Equal(SigV4VerificationStatus.ScopeMismatch,
            SigV4Verifier.VerifyAuthorizationHeader(HeaderSignedPublish(Temporary, "eu-west-1"), Lookup, IotData, Time).Status);
    }

    [Theory]
    [InlineData("Bearer abc")]
    [InlineData("AWS4-HMAC-SHA256 Credential=AKIDLOCALSTACK0001/20261122/us-east-1/iotdata/aws4_request")]
    [InlineData("AWS4-HMAC-SHA256 garbage")]
    public void VerifyAuthorizationHeader_BadHeader_IsMalformed(string authorization)
    {
        SigV4Request request = HeaderSignedPublish(Temporary);
        request = request with { Headers = request.Headers.Where(h => h.Key != "Authorization").Append(new("Authorization", authorization)).ToList() };

        Assert.Equal(SigV4VerificationStatus.Malformed, SigV4Verifier.VerifyAuthorizationHeader(request, Lookup, IotData, Time).Status);
    }

    [Fact]
    public void VerifyAuthorizationHeader_MissingHeaders_IsMalformed()
    {
        var request = new SigV4Request("POST", "/", [], [new("Host", "h")], SigV4Signer.EmptyPayloadHash);

        SigV4VerificationResult result = SigV4Verifier.VerifyAuthorizationHeader(request, Lookup, IotData, Time);

        Assert.Equal(SigV4VerificationStatus.Malformed, result.Status);
        Assert.Contains("Authorization", result.Reason, StringComparison.Ordinal);
    }
}
