using Realtime.Lambda;
using Realtime.Lambda.TestUtilities;
using ResponderFunction.Ownership;

namespace ResponderFunction.Tests.Ownership;

public sealed class LeaseConfigTests
{
    private static DictionaryEnvironmentVariables Environment(params (string Name, string Value)[] extra)
    {
        var variables = new Dictionary<string, string>
        {
            ["AWS_REGION"] = "eu-west-1",
            ["AWS_ACCESS_KEY_ID"] = "AKIDEXAMPLE",
            ["AWS_SECRET_ACCESS_KEY"] = "secret",
        };
        foreach (var (name, value) in extra)
        {
            variables[name] = value;
        }

        return new DictionaryEnvironmentVariables(variables);
    }

    [Fact]
    public void WithoutATable_ThereIsNoLease()
        => Assert.Null(LeaseConfig.From(Environment()));

    [Fact]
    public void Defaults_AreThirtySecondsAndTheRegionalEndpoint()
    {
        LeaseConfig config = LeaseConfig.From(Environment(("LEASE_TABLE_NAME", "stack-LeaseTable-1ABC")))!;

        Assert.Equal("stack-LeaseTable-1ABC", config.TableName);
        Assert.Equal(TimeSpan.FromSeconds(30), config.Duration);
        Assert.Equal(new Uri("https://dynamodb.eu-west-1.amazonaws.com/"), config.Endpoint);
    }

    [Fact]
    public void LeaseSecondsAndALoopbackEndpoint_AreRead()
    {
        LeaseConfig config = LeaseConfig.From(Environment(("LEASE_TABLE_NAME", "t12"), ("LEASE_SECONDS", "5"), ("AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:4566")))!;

        Assert.Equal(TimeSpan.FromSeconds(5), config.Duration);
        Assert.Equal(new Uri("http://127.0.0.1:4566"), config.Endpoint);
    }

    [Theory]
    [InlineData("LEASE_TABLE_NAME", "ab")]
    [InlineData("LEASE_TABLE_NAME", "bad name")]
    [InlineData("LEASE_SECONDS", "2")]
    [InlineData("LEASE_SECONDS", "301")]
    [InlineData("LEASE_SECONDS", "ten")]
    [InlineData("AWS_ENDPOINT_URL_DYNAMODB", "http://dynamodb.example.com")]
    [InlineData("AWS_ENDPOINT_URL_DYNAMODB", "not a url")]
    public void BadValues_FailTheInit_NamingTheVariable(string name, string value)
    {
        var environment = Environment(("LEASE_TABLE_NAME", "table"), (name, value));

        var error = Assert.Throws<LambdaConfigurationException>(() => LeaseConfig.From(environment));
        Assert.Contains(name, error.Message, StringComparison.Ordinal);
    }
}
