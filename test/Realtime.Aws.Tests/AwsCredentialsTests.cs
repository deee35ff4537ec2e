namespace Realtime.Aws.Tests;

public sealed class AwsCredentialsTests
{
    [Fact]
    public void ToString_RedactsSecretAndToken()
    {
        var credentials = new AwsCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "session-token-value");

        string text = credentials.ToString();

        Assert.Contains("AKIDEXAMPLE", text, StringComparison.Ordinal);
        Assert.DoesNotContain("wJalrXUtnFEMI", text, StringComparison.Ordinal);
        Assert.DoesNotContain("session-token-value", text, StringComparison.Ordinal);
        Assert.Contains("REDACTED", text, StringComparison.Ordinal);
        Assert.DoesNotContain("wJalrXUtnFEMI", $"{credentials}", StringComparison.Ordinal);
    }

    [Fact]
    public void FromEnvironment_ReadsAllThree()
    {
        var env = new Dictionary<string, string> { ["AWS_ACCESS_KEY_ID"] = "AKID", ["AWS_SECRET_ACCESS_KEY"] = "s", ["AWS_SESSION_TOKEN"] = "t" };

        AwsCredentials credentials = AwsCredentials.FromEnvironment(name => env.GetValueOrDefault(name));

        Assert.Equal(new AwsCredentials("AKID", "s", "t"), credentials);
    }

    [Fact]
    public void FromEnvironment_EmptyToken_MeansNone()
    {
        var env = new Dictionary<string, string> { ["AWS_ACCESS_KEY_ID"] = "AKID", ["AWS_SECRET_ACCESS_KEY"] = "s", ["AWS_SESSION_TOKEN"] = "" };

        Assert.Null(AwsCredentials.FromEnvironment(name => env.GetValueOrDefault(name)).SessionToken);
    }

    [Theory]
    [InlineData("AWS_ACCESS_KEY_ID")]
    [InlineData("AWS_SECRET_ACCESS_KEY")]
    public void FromEnvironment_MissingVariable_NamesIt(string missing)
    {
        var env = new Dictionary<string, string> { ["AWS_ACCESS_KEY_ID"] = "AKID", ["AWS_SECRET_ACCESS_KEY"] = "s" };
        env.Remove(missing);

        var error = Assert.Throws<InvalidOperationException>(() => AwsCredentials.FromEnvironment(name => env.GetValueOrDefault(name)));

        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_EmptySecret_Throws()
    {
        Assert.Throws<ArgumentException>(() => new AwsCredentials("AKID", " "));
    }
}
