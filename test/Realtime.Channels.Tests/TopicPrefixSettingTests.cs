namespace Realtime.Channels.Tests;

public sealed class TopicPrefixSettingTests
{
    private static TopicPrefix Read(string? value) => TopicPrefix.FromEnvironment(name => name == "TOPIC_PREFIX" ? value : null);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void FromEnvironment_UnsetOrBlank_IsTheDefault(string? value)
        => Assert.Same(TopicPrefix.Default, Read(value));

    [Theory]
    [InlineData("chat_v2", "chat_v2")]
    [InlineData(" app ", "app")]
    [InlineData("abcdefghijklmnopqrstuvwxyz012345", "abcdefghijklmnopqrstuvwxyz012345")] // 32 characters
    public void FromEnvironment_Valid_IsParsed(string value, string expected)
        => Assert.Equal(expected, Read(value).Value);

    [Theory]
    [InlineData("foo/bar")]
    [InlineData("foo+")]
    [InlineData("a#")]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456")] // 33 characters
    public void FromEnvironment_Invalid_ThrowsNamingTheVariable(string value)
    {
        var error = Assert.Throws<InvalidOperationException>(() => Read(value));

        Assert.Equal(
            $"TOPIC_PREFIX has an invalid value '{value}': expected 1 to 32 characters of A-Z, a-z, 0-9, '_' or '-'.", error.Message);
    }
}
