using Realtime.Lambda;
using SessionFunction.Configuration;
using SessionFunction.Tests.Support;

namespace SessionFunction.Tests.Configuration;

public sealed class ConfigurationTests
{
    [Fact]
    public void From_MinimalEnvironment_UsesDefaults()
    {
        SessionConfig config = SessionConfig.From(TestSettings.Environment());

        Assert.Equal(new Uri($"wss://{TestSettings.IotHost}/mqtt"), config.IotEndpoint);
        Assert.Equal("us-east-1", config.Region);
        Assert.Equal("foobar", config.TopicPrefix.Value);
        Assert.Equal("*", config.AllowedOrigin);
        Assert.Null(config.SharedTopic);
        Assert.Equal(TimeSpan.FromSeconds(300), config.UrlExpiry);
        Assert.Null(config.ClientRole);
        Assert.Null(config.StsEndpoint);
        Assert.Equal(TestSettings.FunctionAccessKeyId, config.FunctionCredentials.AccessKeyId);
        Assert.Equal(TestSettings.FunctionSessionToken, config.FunctionCredentials.SessionToken);
    }

    [Fact]
    public void From_AllSettings_ReadsThem()
    {
        SessionConfig config = SessionConfig.From(TestSettings.Environment(
            ("TOPIC_PREFIX", "chat_v2"), ("ALLOWED_ORIGIN", "https://app.example.com"), ("SHARED_TOPIC", "lobby"),
            ("URL_EXPIRY_SECONDS", "120"), ("CLIENT_ROLE_ARN", "arn:aws-us-gov:iam::123456789012:role/path/to/browser"),
            ("AWS_ENDPOINT_URL_STS", "http://127.0.0.1:4566")));

        Assert.Equal("chat_v2", config.TopicPrefix.Value);
        Assert.Equal("https://app.example.com", config.AllowedOrigin);
        Assert.Equal("lobby", config.SharedTopic);
        Assert.Equal(TimeSpan.FromSeconds(120), config.UrlExpiry);
        Assert.Equal("aws-us-gov", config.ClientRole!.Partition);
        Assert.Equal("123456789012", config.ClientRole.AccountId);
        Assert.Equal(new Uri("http://127.0.0.1:4566"), config.StsEndpoint);
    }

    [Theory]
    [InlineData("AWS_REGION")]
    [InlineData("AWS_IOT_HOST")]
    [InlineData("AWS_ACCESS_KEY_ID")]
    [InlineData("AWS_SECRET_ACCESS_KEY")]
    public void From_RequiredVariableMissing_ThrowsNamingIt(string name)
    {
        var error = Assert.Throws<LambdaConfigurationException>(() => SessionConfig.From(TestSettings.Environment((name, null))));

        Assert.StartsWith(name + " is not set", error.Message);
    }

    [Fact]
    public void From_BlankRequiredVariable_CountsAsMissing()
    {
        var error = Assert.Throws<LambdaConfigurationException>(() => SessionConfig.From(TestSettings.Environment(("AWS_REGION", "  "))));

        Assert.Contains("AWS_REGION", error.Message);
    }

    [Fact]
    public void From_UpperCaseIotHost_IsLowercased()
    {
        SessionConfig config = SessionConfig.From(TestSettings.Environment(("AWS_IOT_HOST", "A1B2C3D4E5F6G7-ATS.IOT.US-EAST-1.AMAZONAWS.COM")));

        Assert.Equal($"wss://{TestSettings.IotHost}/mqtt", config.IotEndpoint.AbsoluteUri);
    }

    [Theory]
    [InlineData("wss://a1b2-ats.iot.us-east-1.amazonaws.com/mqtt")]
    [InlineData("https://a1b2-ats.iot.us-east-1.amazonaws.com")]
    [InlineData("a1b2-ats.iot.us-east-1.amazonaws.com/mqtt")]
    [InlineData("host name")]
    public void From_IotHostWithSchemeOrPath_ThrowsNamingIt(string host)
    {
        var error = Assert.Throws<LambdaConfigurationException>(() => SessionConfig.From(TestSettings.Environment(("AWS_IOT_HOST", host))));

        Assert.StartsWith("AWS_IOT_HOST has an invalid value", error.Message);
    }

    [Theory]
    [InlineData("ws://127.0.0.1:8083/mqtt")]
    [InlineData("ws://localhost:8083/mqtt")]
    [InlineData("ws://[::1]:8083/mqtt")]
    [InlineData("wss://broker.example.com/mqtt")]
    public void From_EndpointUrl_OverridesIotHost(string url)
    {
        SessionConfig config = SessionConfig.From(TestSettings.Environment(("AWS_IOT_HOST", null), ("AWS_IOT_ENDPOINT_URL", url)));

        Assert.Equal(new Uri(url), config.IotEndpoint);
    }

    [Theory]
    [InlineData("ws://broker.example.com/mqtt", "only allowed for loopback")]
    [InlineData("ws://10.0.0.5:8083/mqtt", "only allowed for loopback")]
    [InlineData("http://127.0.0.1:8083/mqtt", "expected a wss://")]
    [InlineData("wss://broker.example.com/mqtt?x=1", "without query")]
    [InlineData("not a url", "expected a URL")]
    public void From_BadEndpointUrl_ThrowsNamingIt(string url, string reason)
    {
        var error = Assert.Throws<LambdaConfigurationException>(
            () => SessionConfig.From(TestSettings.Environment(("AWS_IOT_ENDPOINT_URL", url))));

        Assert.StartsWith("AWS_IOT_ENDPOINT_URL has an invalid value", error.Message);
        Assert.Contains(reason, error.Message);
    }

    [Theory]
    [InlineData("TOPIC_PREFIX", "foo/bar")]
    [InlineData("TOPIC_PREFIX", "foo+")]
    [InlineData("TOPIC_PREFIX", "a#")]
    [InlineData("TOPIC_PREFIX", "abcdefghijklmnopqrstuvwxyz0123456")] // 33 characters
    [InlineData("SHARED_TOPIC", "session")]
    [InlineData("SHARED_TOPIC", "lob*by")]
    [InlineData("URL_EXPIRY_SECONDS", "0")]
    [InlineData("URL_EXPIRY_SECONDS", "9")]
    [InlineData("URL_EXPIRY_SECONDS", "901")]
    [InlineData("URL_EXPIRY_SECONDS", "5m")]
    [InlineData("ALLOWED_ORIGIN", "https://app.example.com/")]
    [InlineData("ALLOWED_ORIGIN", "app.example.com")]
    [InlineData("ALLOWED_ORIGIN", "https://app.example.com/path")]
    [InlineData("CLIENT_ROLE_ARN", "arn:aws:iam::123:role/short-account")]
    [InlineData("CLIENT_ROLE_ARN", "arn:aws:iam::123456789012:user/not-a-role")]
    [InlineData("CLIENT_ROLE_ARN", "browser-client")]
    [InlineData("AWS_REGION", "US-EAST-1")]
    [InlineData("AWS_ENDPOINT_URL_STS", "127.0.0.1:4566")]
    public void From_InvalidValue_ThrowsNamingTheVariable(string name, string value)
    {
        var error = Assert.Throws<LambdaConfigurationException>(() => SessionConfig.From(TestSettings.Environment((name, value))));

        Assert.StartsWith($"{name} has an invalid value '{value}'", error.Message);
    }

    [Theory]
    [InlineData("abcdefghijklmnopqrstuvwxyz012345")] // 32 characters: the longest prefix
    [InlineData("a")]
    [InlineData("my-app_1")]
    public void From_ValidPrefix_IsAccepted(string prefix)
    {
        Assert.Equal(prefix, SessionConfig.From(TestSettings.Environment(("TOPIC_PREFIX", prefix))).TopicPrefix.Value);
    }
}
