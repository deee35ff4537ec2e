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
    public void Constructor_EmptyToken_MeansNone()
        => Assert.Null(new AwsCredentials("AKID", "s", "").SessionToken);

    [Fact]
    public void Constructor_EmptySecret_Throws()
    {
        Assert.Throws<ArgumentException>(() => new AwsCredentials("AKID", " "));
    }
}
