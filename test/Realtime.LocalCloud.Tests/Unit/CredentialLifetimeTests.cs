using Realtime.LocalCloud.Hosting;

namespace Realtime.LocalCloud.Tests.Unit;

/// <summary>--credential-seconds: the test setting that makes the local STS issue short-lived credentials.</summary>
public sealed class CredentialLifetimeTests
{
    [Fact]
    public void CredentialSeconds_SetsTheCap()
    {
        LocalCloudOptions options = CommandLine.Parse(["--root", "/tmp", "--credential-seconds", "30"]);

        Assert.Equal(TimeSpan.FromSeconds(30), options.CredentialLifetime);
    }

    [Fact]
    public void WithoutTheOption_CredentialsLiveAsLongAsAsked()
    {
        Assert.Null(CommandLine.Parse(["--root", "/tmp"]).CredentialLifetime);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("abc")]
    [InlineData("43201")]
    public void BadValues_AreRefusedWithTheRule(string value)
    {
        var error = Assert.Throws<FormatException>(() => CommandLine.Parse(["--root", "/tmp", "--credential-seconds", value]));
        Assert.Contains("1-43200", error.Message, StringComparison.Ordinal);
    }
}
