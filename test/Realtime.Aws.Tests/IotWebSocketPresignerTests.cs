using Realtime.TestSupport;

namespace Realtime.Aws.Tests;

public sealed class IotWebSocketPresignerTests
{
    private static readonly AwsCredentials LongTerm = new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
    private static readonly AwsCredentials Temporary = LongTerm with { SessionToken = "FQoGZXIvYXdzE/token+with/slashes==" };
    private static readonly DateTimeOffset Time = new(2015, 8, 30, 12, 36, 0, TimeSpan.Zero);
    private static readonly Uri Endpoint = new("wss://abc123-ats.iot.us-east-1.amazonaws.com/mqtt");

    private static Dictionary<string, string> QueryOf(Uri url) =>
        SigV4Request.ParseQuery(url.Query).ToDictionary(p => p.Key, p => p.Value);

    private static string[] ParameterNames(Uri url) =>
        url.Query.TrimStart('?').Split('&').Select(p => p.Split('=')[0]).ToArray();

    [Fact]
    public void Presign_HasIotQueryParameters()
    {
        Uri url = IotWebSocketPresigner.Presign(Endpoint, "us-east-1", LongTerm, Time, TimeSpan.FromMinutes(5));

        Dictionary<string, string> query = QueryOf(url);
        Assert.Equal("wss", url.Scheme);
        Assert.Equal("/mqtt", url.AbsolutePath);
        Assert.Equal("AWS4-HMAC-SHA256", query["X-Amz-Algorithm"]);
        Assert.Equal("AKIDEXAMPLE/20150830/us-east-1/iotdevicegateway/aws4_request", query["X-Amz-Credential"]);
        Assert.Equal("20150830T123600Z", query["X-Amz-Date"]);
        Assert.Equal("300", query["X-Amz-Expires"]);
        Assert.Equal("host", query["X-Amz-SignedHeaders"]);
        Assert.Matches("^[0-9a-f]{64}$", query["X-Amz-Signature"]);
        Assert.DoesNotContain("X-Amz-Security-Token", query.Keys);
    }

    [Fact]
    public void Presign_IndependentImplementationComputesTheSameSignature()
    {
        Uri url = IotWebSocketPresigner.Presign(Endpoint, "us-east-1", Temporary, Time, TimeSpan.FromMinutes(5));

        string expected = ReferenceSigV4.SignatureOfPresignedUrl(url.AbsoluteUri, "abc123-ats.iot.us-east-1.amazonaws.com",
            LongTerm.SecretAccessKey, tokenSigned: false);
        Assert.Equal(expected, QueryOf(url)["X-Amz-Signature"]);
    }

    [Fact]
    public void Presign_UpperCaseEndpoint_SignsAndEmitsLowercaseHost()
    {
        var upper = new Uri("wss://ABC123-ATS.IOT.US-EAST-1.AMAZONAWS.COM/mqtt");

        Uri fromUpper = IotWebSocketPresigner.Presign(upper, "us-east-1", LongTerm, Time, TimeSpan.FromMinutes(5));
        Uri fromLower = IotWebSocketPresigner.Presign(Endpoint, "us-east-1", LongTerm, Time, TimeSpan.FromMinutes(5));

        Assert.Equal(fromLower.AbsoluteUri, fromUpper.AbsoluteUri);
        Assert.StartsWith("wss://abc123-ats.iot.us-east-1.amazonaws.com/mqtt?", fromUpper.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public void Presign_SessionToken_IsLastParameterEncodedAndNotSigned()
    {
        Uri withToken = IotWebSocketPresigner.Presign(Endpoint, "us-east-1", Temporary, Time, TimeSpan.FromMinutes(5));
        Uri withoutToken = IotWebSocketPresigner.Presign(Endpoint, "us-east-1", LongTerm, Time, TimeSpan.FromMinutes(5));

        string[] names = ParameterNames(withToken);
        Assert.Equal(["X-Amz-Signature", "X-Amz-Security-Token"], names[^2..]);
        Assert.EndsWith("&X-Amz-Security-Token=FQoGZXIvYXdzE%2Ftoken%2Bwith%2Fslashes%3D%3D", withToken.OriginalString, StringComparison.Ordinal);
        // Not signed: the signature is the same as without any token.
        Assert.Equal(QueryOf(withoutToken)["X-Amz-Signature"], QueryOf(withToken)["X-Amz-Signature"]);
    }

    [Theory]
    [InlineData("wss://abc.iot.us-east-1.amazonaws.com/mqtt", "abc.iot.us-east-1.amazonaws.com")]
    [InlineData("wss://abc.iot.us-east-1.amazonaws.com:443/mqtt", "abc.iot.us-east-1.amazonaws.com")]
    [InlineData("wss://abc.iot.us-east-1.amazonaws.com:8443/mqtt", "abc.iot.us-east-1.amazonaws.com:8443")]
    [InlineData("ws://127.0.0.1:4567/mqtt", "127.0.0.1:4567")]
    [InlineData("ws://localhost/mqtt", "localhost")]
    public void Presign_SignsHostWithPortOnlyWhenNotDefault(string endpoint, string hostHeader)
    {
        Uri url = IotWebSocketPresigner.Presign(new Uri(endpoint), "us-east-1", LongTerm, Time, TimeSpan.FromMinutes(5));

        string expected = ReferenceSigV4.SignatureOfPresignedUrl(url.AbsoluteUri, hostHeader, LongTerm.SecretAccessKey, tokenSigned: false);
        Assert.Equal(expected, QueryOf(url)["X-Amz-Signature"]);
        Assert.Equal(hostHeader, SigV4Signer.HostHeader(url));
    }

    [Fact]
    public void Presign_EndpointWithoutPath_UsesMqttPath()
    {
        Uri url = IotWebSocketPresigner.Presign(new Uri("wss://abc.iot.us-east-1.amazonaws.com"), "us-east-1", LongTerm, Time, TimeSpan.FromMinutes(5));

        Assert.Equal("/mqtt", url.AbsolutePath);
    }

    [Theory]
    [InlineData(300, 300)]
    [InlineData(300.9, 300)]
    [InlineData(3600, 900)]
    [InlineData(0, 10)]
    [InlineData(-5, 10)]
    public void Presign_ClampsExpiry(double requestedSeconds, int expectedSeconds)
    {
        Uri url = IotWebSocketPresigner.Presign(Endpoint, "us-east-1", LongTerm, Time, TimeSpan.FromSeconds(requestedSeconds));

        Assert.Equal(expectedSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture), QueryOf(url)["X-Amz-Expires"]);
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), IotWebSocketPresigner.ClampExpiry(TimeSpan.FromSeconds(requestedSeconds)));
    }

    [Fact]
    public void Presign_NonUtcSigningTime_IsSignedInUtcWholeSeconds()
    {
        var local = new DateTimeOffset(2015, 8, 30, 14, 36, 0, 999, TimeSpan.FromHours(2));

        Uri url = IotWebSocketPresigner.Presign(Endpoint, "us-east-1", LongTerm, local, TimeSpan.FromMinutes(5));

        Assert.Equal(IotWebSocketPresigner.Presign(Endpoint, "us-east-1", LongTerm, Time, TimeSpan.FromMinutes(5)), url);
    }

    [Theory]
    [InlineData("https://abc.iot.us-east-1.amazonaws.com/mqtt")]
    [InlineData("wss://abc.iot.us-east-1.amazonaws.com/mqtt?x=1")]
    public void Presign_BadEndpoint_ThrowsArgumentException(string endpoint)
    {
        Assert.Throws<ArgumentException>(() => IotWebSocketPresigner.Presign(new Uri(endpoint), "us-east-1", LongTerm, Time, TimeSpan.FromMinutes(5)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("US-EAST-1")]
    [InlineData("us east 1")]
    public void Presign_BadRegion_ThrowsArgumentException(string region)
    {
        Assert.Throws<ArgumentException>(() => IotWebSocketPresigner.Presign(Endpoint, region, LongTerm, Time, TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public void Presign_AgreesWithGenericPresignQueryInUnsignedTokenMode()
    {
        Uri url = IotWebSocketPresigner.Presign(Endpoint, "us-east-1", Temporary, Time, TimeSpan.FromMinutes(5));
        var request = new SigV4Request("GET", "/mqtt", [], [new("Host", "abc123-ats.iot.us-east-1.amazonaws.com")], SigV4Signer.EmptyPayloadHash);
        var parameters = new SigV4SigningParameters(Temporary, "us-east-1", "iotdevicegateway", Time) { SessionTokenMode = SigV4SessionTokenMode.Unsigned };

        SigV4SigningResult generic = SigV4Signer.PresignQuery(request, parameters, TimeSpan.FromMinutes(5));

        // Same parameters, same encoding (the order of the signed ones is not significant); the token comes last in both.
        string[] iot = url.Query.TrimStart('?').Split('&');
        string[] fromGeneric = generic.Query.Split('&');
        Assert.Equal(fromGeneric.Order(StringComparer.Ordinal), iot.Order(StringComparer.Ordinal));
        Assert.Equal(fromGeneric[^1], iot[^1]);
        Assert.StartsWith("X-Amz-Security-Token=", iot[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void Presign_IsAcceptedByVerifier_AndRejectedWhenExpired()
    {
        Uri url = IotWebSocketPresigner.Presign(Endpoint, "us-east-1", Temporary, Time, TimeSpan.FromMinutes(5));
        SigV4Request request = SigV4Request.FromTarget("GET", url.PathAndQuery, [new("Host", url.Host)], SigV4Signer.EmptyPayloadHash);
        var options = new SigV4VerifierOptions(IotWebSocketPresigner.Service) { Region = "us-east-1", SessionTokenMode = SigV4SessionTokenMode.Unsigned };

        SigV4VerificationResult ok = SigV4Verifier.VerifyPresignedQuery(request, _ => Temporary, options, Time.AddMinutes(1));
        SigV4VerificationResult late = SigV4Verifier.VerifyPresignedQuery(request, _ => Temporary, options, Time.AddMinutes(5).AddSeconds(1));

        Assert.True(ok.IsValid, ok.Reason);
        Assert.Equal(SigV4VerificationStatus.Expired, late.Status);
    }
}
