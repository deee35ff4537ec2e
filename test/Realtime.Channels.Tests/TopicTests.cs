namespace Realtime.Channels.Tests;

public sealed class TopicTests
{
    [Fact]
    public void For_BuildsTheContractTopics()
    {
        var topics = ChannelTopics.For(TopicPrefix.Default, ChannelId.Parse("abc"), "lobby");

        Assert.Equal(new ChannelTopics("foobar/session", "foobar/abc/request", "foobar/abc/response", "foobar/lobby"), topics);
    }

    [Fact]
    public void For_WithoutSharedName_HasNoSharedTopic()
        => Assert.Null(ChannelTopics.For(TopicPrefix.Parse("app"), ChannelId.Parse("1")).Shared);

    [Theory]
    [InlineData("")]
    [InlineData("a/b")]
    [InlineData("#")]
    [InlineData("session")]
    public void For_InvalidSharedName_Throws(string shared)
        => Assert.Throws<FormatException>(() => ChannelTopics.For(TopicPrefix.Default, ChannelId.Parse("1"), shared));

    [Theory]
    [InlineData("foobar")]
    [InlineData("A_b-9")]
    [InlineData("01234567890123456789012345678901")] // 32
    public void TopicPrefix_AcceptsValidPrefixes(string value)
        => Assert.Equal(value, TopicPrefix.Parse(value).Value);

    [Theory]
    [InlineData("")]
    [InlineData("foo/bar")]
    [InlineData("+")]
    [InlineData("#")]
    [InlineData("$aws")]
    [InlineData("012345678901234567890123456789012")] // 33
    public void TopicPrefix_RefusesInvalidPrefixes(string value)
    {
        Assert.False(TopicPrefix.TryParse(value, out _));
        Assert.Throws<FormatException>(() => TopicPrefix.Parse(value));
    }

    [Fact]
    public void SessionTopic_UsesThePrefix() => Assert.Equal("app/session", ChannelTopics.SessionTopic(TopicPrefix.Parse("app")));

    [Fact]
    public void ClientIds_ClientIsDeterministic() => Assert.Equal("client-abc", ClientIds.ForClient(ChannelId.Parse("abc")));

    [Fact]
    public void ClientIds_ResponderIsFreshAndShapedAsAgreed()
    {
        var id = ChannelId.Parse("abc");
        string first = ClientIds.NewResponder(id);
        string second = ClientIds.NewResponder(id);

        Assert.Matches("^responder-abc-[0-9a-f]{8}$", first);
        Assert.NotEqual(first, second);
    }

    [Fact]
    public void ClientIds_ResponderForLongestIdFitsAwsLimit()
        => Assert.True(ClientIds.NewResponder(ChannelId.Parse(new string('a', 64))).Length <= 128);
}
