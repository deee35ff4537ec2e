using Realtime.Lambda;
using Realtime.Lambda.TestUtilities;
using ResponderFunction.Configuration;
using ResponderFunction.Ownership;

namespace ResponderFunction.Tests.Configuration;

public sealed class ResponderConfigTests
{
    private static DictionaryEnvironmentVariables Valid() => new(new Dictionary<string, string>
    {
        ["AWS_IOT_HOST"] = "ABC123-ats.iot.us-east-1.amazonaws.com",
        ["AWS_REGION"] = "us-east-1",
        ["AWS_ACCESS_KEY_ID"] = "AKIDLOCALTEST",
        ["AWS_SECRET_ACCESS_KEY"] = "secret-value-never-logged",
        ["AWS_SESSION_TOKEN"] = "token-value-never-logged",
    });

    [Fact]
    public void From_Defaults()
    {
        ResponderConfig config = ResponderConfig.From(Valid());

        Assert.Equal(new Uri("wss://abc123-ats.iot.us-east-1.amazonaws.com/mqtt"), config.IotEndpoint);
        Assert.Equal("foobar", config.TopicPrefix.Value);
        Assert.Equal(TimeSpan.FromSeconds(30), config.IdleTime);
        Assert.Equal(TimeSpan.FromSeconds(5), config.DeadlineMargin);
        Assert.Equal("token-value-never-logged", config.Credentials().SessionToken);
    }

    [Fact]
    public void From_LocalEndpointUrl_OverridesHost()
    {
        var env = Valid();
        env["AWS_IOT_HOST"] = null;
        env["AWS_IOT_ENDPOINT_URL"] = "ws://127.0.0.1:18883/mqtt";
        env["SESSION_IDLE_SECONDS"] = "2";
        env["DEADLINE_MARGIN_SECONDS"] = "1";
        env["TOPIC_PREFIX"] = "app";

        ResponderConfig config = ResponderConfig.From(env);

        Assert.Equal(new Uri("ws://127.0.0.1:18883/mqtt"), config.IotEndpoint);
        Assert.Equal(TimeSpan.FromSeconds(2), config.IdleTime);
        Assert.Equal(TimeSpan.FromSeconds(1), config.DeadlineMargin);
        Assert.Equal("app", config.TopicPrefix.Value);
    }

    [Theory]
    [InlineData("AWS_REGION", null, "AWS_REGION")]
    [InlineData("AWS_IOT_HOST", null, "AWS_IOT_HOST")]
    [InlineData("AWS_IOT_HOST", "https://host/mqtt", "AWS_IOT_HOST")]
    [InlineData("AWS_IOT_ENDPOINT_URL", "ws://example.com/mqtt", "loopback")]
    [InlineData("AWS_IOT_ENDPOINT_URL", "http://127.0.0.1/mqtt", "AWS_IOT_ENDPOINT_URL")]
    [InlineData("TOPIC_PREFIX", "a/b", "TOPIC_PREFIX")]
    [InlineData("TOPIC_PREFIX", "#", "TOPIC_PREFIX")]
    [InlineData("SESSION_IDLE_SECONDS", "0", "SESSION_IDLE_SECONDS")]
    [InlineData("SESSION_IDLE_SECONDS", "abc", "SESSION_IDLE_SECONDS")]
    [InlineData("SESSION_IDLE_SECONDS", "901", "SESSION_IDLE_SECONDS")]
    [InlineData("DEADLINE_MARGIN_SECONDS", "-1", "DEADLINE_MARGIN_SECONDS")]
    [InlineData("AWS_ACCESS_KEY_ID", null, "AWS_ACCESS_KEY_ID")]
    [InlineData("AWS_SECRET_ACCESS_KEY", null, "AWS_SECRET_ACCESS_KEY")]
    public void From_BadSetting_ThrowsNamingTheVariable(string name, string? value, string expectedInMessage)
    {
        var env = Valid();
        env[name] = value;

        var error = Assert.Throws<LambdaConfigurationException>(() => ResponderConfig.From(env));

        Assert.Contains(expectedInMessage, error.Message);
        Assert.DoesNotContain("secret-value-never-logged", error.Message);
        Assert.DoesNotContain("token-value-never-logged", error.Message);
    }

    [Fact]
    public void From_WithoutALeaseTable_HasNoLease()
        => Assert.Null(ResponderConfig.From(Valid()).Lease);

    [Fact]
    public void From_LeaseDefaults_AreThirtySecondsAndTheRegionalEndpoint()
    {
        var env = Valid();
        env["AWS_REGION"] = "eu-west-1";
        env["LEASE_TABLE_NAME"] = "stack-LeaseTable-1ABC";

        LeaseConfig lease = ResponderConfig.From(env).Lease!;

        Assert.Equal("stack-LeaseTable-1ABC", lease.TableName);
        Assert.Equal(TimeSpan.FromSeconds(30), lease.Duration);
        Assert.Equal(new Uri("https://dynamodb.eu-west-1.amazonaws.com/"), lease.Endpoint);
        Assert.Equal("eu-west-1", lease.Region);
        Assert.Equal("AKIDLOCALTEST", lease.Credentials().AccessKeyId);
    }

    [Fact]
    public void From_LeaseSecondsAndALoopbackDynamoDbEndpoint_AreRead()
    {
        var env = Valid();
        env["LEASE_TABLE_NAME"] = "t12";
        env["LEASE_SECONDS"] = "5";
        env["AWS_ENDPOINT_URL_DYNAMODB"] = "http://127.0.0.1:4566";

        LeaseConfig lease = ResponderConfig.From(env).Lease!;

        Assert.Equal(TimeSpan.FromSeconds(5), lease.Duration);
        Assert.Equal(new Uri("http://127.0.0.1:4566"), lease.Endpoint);
    }

    [Theory]
    [InlineData("LEASE_TABLE_NAME", "ab")]
    [InlineData("LEASE_TABLE_NAME", "bad name")]
    [InlineData("LEASE_SECONDS", "2")]
    [InlineData("LEASE_SECONDS", "301")]
    [InlineData("LEASE_SECONDS", "ten")]
    [InlineData("AWS_ENDPOINT_URL_DYNAMODB", "http://dynamodb.example.com")]
    [InlineData("AWS_ENDPOINT_URL_DYNAMODB", "not a url")]
    public void From_BadLeaseSetting_ThrowsNamingTheVariable(string name, string value)
    {
        var env = Valid();
        env["LEASE_TABLE_NAME"] = "table";
        env[name] = value;

        var error = Assert.Throws<LambdaConfigurationException>(() => ResponderConfig.From(env));

        Assert.Contains(name, error.Message, StringComparison.Ordinal);
    }
}
