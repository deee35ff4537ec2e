using Realtime.LocalCloud.Iot;

namespace Realtime.LocalCloud.Tests.Unit;

public sealed class RuleSqlTests
{
    [Fact]
    public void SelectStar_FromQuotedTopic()
    {
        RuleSql sql = RuleSql.Parse("SELECT * FROM 'foobar/session'");
        Assert.Equal("foobar/session", sql.TopicFilter);
        Assert.Empty(sql.Extras);
    }

    [Fact]
    public void SelectStarAndClientId_AsTheTemplateWritesIt()
    {
        RuleSql sql = RuleSql.Parse("SELECT *, clientid() AS clientId FROM 'foobar/session'");
        Assert.Equal(new RuleSql.Extra("clientid", "clientId"), Assert.Single(sql.Extras));
    }

    [Fact]
    public void KeywordsAreCaseInsensitive_AndFiltersMayHaveWildcards()
    {
        RuleSql sql = RuleSql.Parse("select *, CLIENTID() as cid, topic() AS t, timestamp() AS ts from 'a/+/c/#'");
        Assert.Equal("a/+/c/#", sql.TopicFilter);
        Assert.Equal(["clientid", "topic", "timestamp"], sql.Extras.Select(e => e.Function));
    }

    [Theory]
    [InlineData("SELECT * FROM foobar/session")] // unquoted topic
    [InlineData("SELECT * FROM 'foobar/session' WHERE a = 1")]
    [InlineData("SELECT channelId, * FROM 'foobar/session'")] // * only first
    [InlineData("SELECT channel.id FROM 'foobar/session'")] // nested fields are not supported locally
    [InlineData("SELECT *, upper(x) AS y FROM 'foobar/session'")]
    [InlineData("SELECT *, clientid() FROM 'foobar/session'")] // no alias
    [InlineData("SELECT * FROM 'foo/#/bar'")] // invalid filter
    [InlineData("DELETE FROM 'x'")]
    [InlineData("")]
    public void AnythingElse_IsRefusedWithAClearMessage(string text)
    {
        var error = Assert.Throws<FormatException>(() => RuleSql.Parse(text));
        Assert.Contains("SQL", error.Message, StringComparison.Ordinal);
    }
}
