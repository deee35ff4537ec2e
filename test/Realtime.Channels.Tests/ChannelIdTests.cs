using System.Text.RegularExpressions;

namespace Realtime.Channels.Tests;

public sealed class ChannelIdTests
{
    [Fact]
    public void New_Is20LowercaseHexCharacters()
    {
        for (int i = 0; i < 100; i++)
        {
            Assert.Matches(new Regex("^[0-9a-f]{20}$"), ChannelId.New().Value);
        }
    }

    [Fact]
    public void New_IsDifferentEachTime()
    {
        var ids = Enumerable.Range(0, 1000).Select(_ => ChannelId.New().Value).ToHashSet();
        Assert.Equal(1000, ids.Count);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("abc_DEF-123")]
    [InlineData("0123456789012345678901234567890123456789012345678901234567890123")] // 64
    public void TryParse_AcceptsNamesOfTheAllowedCharacters(string value)
    {
        Assert.True(ChannelId.TryParse(value, out ChannelId? id));
        Assert.Equal(value, id.Value);
        Assert.Equal(value, id.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("+")]
    [InlineData("#")]
    [InlineData("a/b")]
    [InlineData("a+")]
    [InlineData("ab#")]
    [InlineData("a b")]
    [InlineData("a.b")]
    [InlineData("é")]
    [InlineData("a\u0000")]
    [InlineData("01234567890123456789012345678901234567890123456789012345678901234")] // 65
    public void TryParse_RefusesEverythingElse(string value)
    {
        Assert.False(ChannelId.TryParse(value, out ChannelId? id));
        Assert.Null(id);
    }

    [Fact]
    public void TryParse_RefusesNull() => Assert.False(ChannelId.TryParse(null, out _));

    [Fact]
    public void Parse_Invalid_ThrowsFormatExceptionNamingTheRule()
    {
        var error = Assert.Throws<FormatException>(() => ChannelId.Parse("a/b"));
        Assert.Contains("a/b", error.Message);
        Assert.Contains("1 to 64", error.Message);
    }

    [Fact]
    public void Parse_HugeInput_MessageIsShortened()
    {
        var error = Assert.Throws<FormatException>(() => ChannelId.Parse(new string('x', 10_000)));
        Assert.True(error.Message.Length < 200);
    }

    [Fact]
    public void Equality_IsByValue()
        => Assert.Equal(ChannelId.Parse("abc"), ChannelId.Parse("abc"));
}
