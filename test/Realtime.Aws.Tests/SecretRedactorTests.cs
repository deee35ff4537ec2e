namespace Realtime.Aws.Tests;

public sealed class SecretRedactorTests
{
    [Fact]
    public void RedactUrl_PresignedIotUrl_HidesSignatureAndTokenKeepsTheRest()
    {
        var credentials = new AwsCredentials("AKIDEXAMPLE", "secret", "tok/en+==");
        Uri url = IotWebSocketPresigner.Presign(new Uri("wss://abc.iot.us-east-1.amazonaws.com/mqtt"), "us-east-1", credentials,
            new DateTimeOffset(2015, 8, 30, 12, 36, 0, TimeSpan.Zero), TimeSpan.FromMinutes(5));
        string signature = SigV4Request.ParseQuery(url.Query).Single(p => p.Key == "X-Amz-Signature").Value;

        string redacted = SecretRedactor.RedactUrl(url.OriginalString);

        Assert.DoesNotContain(signature, redacted, StringComparison.Ordinal);
        Assert.DoesNotContain("tok%2Fen", redacted, StringComparison.Ordinal);
        Assert.EndsWith("&X-Amz-Signature=REDACTED&X-Amz-Security-Token=REDACTED", redacted, StringComparison.Ordinal);
        Assert.StartsWith("wss://abc.iot.us-east-1.amazonaws.com/mqtt?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830", redacted, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://h/p", "https://h/p")]
    [InlineData("https://h/p?a=1&x-amz-signature=abc#frag", "https://h/p?a=1&x-amz-signature=REDACTED#frag")]
    [InlineData("/p?X-Amz-Security-Token=t&b", "/p?X-Amz-Security-Token=REDACTED&b")]
    [InlineData("X-Amz-Signature", "X-Amz-Signature")]
    [InlineData("?X-Amz-Signature", "?X-Amz-Signature=REDACTED")]
    [InlineData("", "")]
    [InlineData("wss://user:pw@h/p?X-Amz-Signature=s", "wss://user:REDACTED@h/p?X-Amz-Signature=REDACTED")]
    [InlineData("wss://user@h:443/p", "wss://user@h:443/p")]
    [InlineData("wss://h/p?next=a:b@c", "wss://h/p?next=a:b@c")]
    public void RedactUrl_RedactsOnlySecretParameters(string url, string expected)
    {
        Assert.Equal(expected, SecretRedactor.RedactUrl(url));
    }

    [Theory]
    [InlineData(
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iotdata/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iotdata/aws4_request, SignedHeaders=host;x-amz-date, Signature=REDACTED")]
    [InlineData("Bearer eyJhbGciOi", "Bearer REDACTED")]
    [InlineData("opaque", "REDACTED")]
    [InlineData("AWS4-HMAC-SHA256 Credential=A/b, Junk=secret", "AWS4-HMAC-SHA256 Credential=A/b, REDACTED")]
    public void RedactAuthorizationHeader_KeepsOnlyNonSecretParts(string value, string expected)
    {
        Assert.Equal(expected, SecretRedactor.RedactAuthorizationHeader(value));
    }
}
