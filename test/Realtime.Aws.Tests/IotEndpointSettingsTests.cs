namespace Realtime.Aws.Tests;

public sealed class IotEndpointSettingsTests
{
    private static Uri Read(string? host = null, string? url = null)
        => IotEndpointSettings.FromEnvironment(name => name switch
        {
            "AWS_IOT_HOST" => host,
            "AWS_IOT_ENDPOINT_URL" => url,
            _ => null,
        });

    [Fact]
    public void Host_BecomesTheLowercaseWssMqttEndpoint()
        => Assert.Equal("wss://abc123-ats.iot.us-east-1.amazonaws.com/mqtt", Read(host: " ABC123-ats.iot.US-EAST-1.amazonaws.com ").AbsoluteUri);

    [Theory]
    [InlineData("wss://a1b2-ats.iot.us-east-1.amazonaws.com/mqtt")]
    [InlineData("https://a1b2-ats.iot.us-east-1.amazonaws.com")]
    [InlineData("a1b2-ats.iot.us-east-1.amazonaws.com/mqtt")]
    [InlineData("host name")]
    public void Host_WithSchemeOrPath_ThrowsNamingIt(string host)
    {
        var error = Assert.Throws<InvalidOperationException>(() => Read(host: host));

        Assert.StartsWith($"AWS_IOT_HOST has an invalid value '{host}': expected a host name only", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NeitherSet_ThrowsNamingBoth()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Read(host: " "));

        Assert.StartsWith("AWS_IOT_HOST is not set.", error.Message, StringComparison.Ordinal);
        Assert.Contains("AWS_IOT_ENDPOINT_URL", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ws://127.0.0.1:8083/mqtt")]
    [InlineData("ws://localhost:8083/mqtt")]
    [InlineData("ws://[::1]:8083/mqtt")]
    [InlineData("wss://broker.example.com/mqtt")]
    public void Url_WinsOverTheHost(string url)
        => Assert.Equal(new Uri(url), Read(host: "abc123-ats.iot.us-east-1.amazonaws.com", url: url));

    [Fact]
    public void Url_WithoutPath_GetsTheMqttPath()
        => Assert.Equal(new Uri("ws://127.0.0.1:18883/mqtt"), Read(url: "ws://127.0.0.1:18883"));

    [Theory]
    [InlineData("ws://broker.example.com/mqtt", "ws:// is only allowed for loopback hosts")]
    [InlineData("ws://10.0.0.5:8083/mqtt", "ws:// is only allowed for loopback hosts")]
    [InlineData("http://127.0.0.1:8083/mqtt", "expected a wss:// URL")]
    [InlineData("wss://broker.example.com/mqtt?x=1", "without query or fragment")]
    [InlineData("wss://broker.example.com/mqtt#x", "without query or fragment")]
    [InlineData("not a url", "expected a URL")]
    public void Url_Invalid_ThrowsNamingItAndTheRule(string url, string reason)
    {
        var error = Assert.Throws<InvalidOperationException>(() => Read(url: url));

        Assert.StartsWith($"AWS_IOT_ENDPOINT_URL has an invalid value '{url}': ", error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Url_PastedPresignedUrl_QuotesItWithoutSignatureOrToken()
    {
        const string Signature = "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31";
        const string Token = "IQoJb3JpZ2luX2VjEHoaCXVzLWVhc3QtMSJHMEUCIQ";
        string url = $"wss://a.iot/mqtt?X-Amz-Signature={Signature}&X-Amz-Security-Token={Token}";

        var error = Assert.Throws<InvalidOperationException>(() => Read(url: url));

        Assert.StartsWith(
            "AWS_IOT_ENDPOINT_URL has an invalid value 'wss://a.iot/mqtt?X-Amz-Signature=REDACTED&X-Amz-Security-Token=REDACTED': ",
            error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Signature[..8], error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Token[..8], error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Url_WithUserInfo_QuotesItWithoutThePassword()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Read(url: "wss://user:hunter2@broker.example.com/mqtt"));

        Assert.StartsWith("AWS_IOT_ENDPOINT_URL has an invalid value 'wss://user:REDACTED@broker.example.com/mqtt': expected a URL",
            error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Host_PastedPresignedUrl_QuotesItWithoutTheSignature()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Read(host: "a.iot/mqtt?X-Amz-Signature=5fa00fa31553b73e"));

        Assert.StartsWith("AWS_IOT_HOST has an invalid value 'a.iot/mqtt?X-Amz-Signature=REDACTED': ", error.Message, StringComparison.Ordinal);
    }
}
