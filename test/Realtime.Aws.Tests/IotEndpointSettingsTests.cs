namespace Realtime.Aws.Tests;

public sealed class IotEndpointSettingsTests
{
    [Fact]
    public void FromHost_BecomesTheLowercaseWssMqttEndpoint()
        => Assert.Equal("wss://abc123-ats.iot.us-east-1.amazonaws.com/mqtt", IotEndpointSettings.FromHost("ABC123-ats.iot.US-EAST-1.amazonaws.com").AbsoluteUri);

    [Theory]
    [InlineData("wss://a1b2-ats.iot.us-east-1.amazonaws.com/mqtt")]
    [InlineData("https://a1b2-ats.iot.us-east-1.amazonaws.com")]
    [InlineData("a1b2-ats.iot.us-east-1.amazonaws.com/mqtt")]
    [InlineData("host name")]
    public void FromHost_WithSchemeOrPath_ThrowsSayingWhatIsExpected(string host)
    {
        var error = Assert.Throws<FormatException>(() => IotEndpointSettings.FromHost(host));

        Assert.StartsWith("expected a host name only", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ws://127.0.0.1:8083/mqtt")]
    [InlineData("ws://localhost:8083/mqtt")]
    [InlineData("ws://[::1]:8083/mqtt")]
    [InlineData("wss://broker.example.com/mqtt")]
    public void FromUrl_Valid_IsTheUrl(string url)
        => Assert.Equal(new Uri(url), IotEndpointSettings.FromUrl(url));

    [Fact]
    public void FromUrl_WithoutPath_GetsTheMqttPath()
        => Assert.Equal(new Uri("ws://127.0.0.1:18883/mqtt"), IotEndpointSettings.FromUrl("ws://127.0.0.1:18883"));

    [Theory]
    [InlineData("ws://broker.example.com/mqtt", "ws:// is only allowed for loopback hosts")]
    [InlineData("ws://10.0.0.5:8083/mqtt", "ws:// is only allowed for loopback hosts")]
    [InlineData("http://127.0.0.1:8083/mqtt", "expected a wss:// URL")]
    [InlineData("wss://broker.example.com/mqtt?x=1", "without query or fragment")]
    [InlineData("wss://broker.example.com/mqtt#x", "without query or fragment")]
    [InlineData("wss://user:hunter2@broker.example.com/mqtt", "expected a URL")]
    [InlineData("not a url", "expected a URL")]
    public void FromUrl_Invalid_ThrowsNamingTheRule_WithoutQuotingTheValue(string url, string reason)
    {
        var error = Assert.Throws<FormatException>(() => IotEndpointSettings.FromUrl(url));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(url, error.Message, StringComparison.Ordinal);
    }
}
