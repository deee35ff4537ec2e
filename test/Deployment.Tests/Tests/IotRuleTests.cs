using Deployment.Tests.Template;
using Realtime.Channels;
using Realtime.LocalCloud.Iot;

namespace Deployment.Tests.Tests;

/// <summary>The responder's IoT rule: SQL that parses, listens on the session topic clients are told, adds clientId.</summary>
public sealed class IotRuleTests
{
    private static Dictionary<string, System.Text.Json.Nodes.JsonNode?> RuleEvent(string prefix = "foobar")
    {
        var template = Fixtures.Template;
        var events = template.Evaluator(new Dictionary<string, string> { ["TopicPrefix"] = prefix })
            .Resolve(template.FunctionProperties("ResponderFunction")["Events"])!.AsObject();
        var rule = Assert.Single(events, e => (string?)e.Value!["Type"] == "IoTRule").Value!;
        return rule["Properties"]!.AsObject().ToDictionary(p => p.Key, p => p.Value);
    }

    [Fact]
    public void RuleSql_ReadsTheSessionTopicTheSessionFunctionTellsClients()
    {
        var template = Fixtures.Template;
        var prefix = TopicPrefix.Parse(template.ParameterDefault("TopicPrefix")!);

        var sql = RuleSql.Parse((string)RuleEvent()["Sql"]!);

        Assert.Equal(ChannelTopics.SessionTopic(prefix), sql.TopicFilter);
        Assert.Equal("foobar/session", sql.TopicFilter);
    }

    [Fact]
    public void RuleSql_FollowsTheTopicPrefixParameter()
        => Assert.Equal(ChannelTopics.SessionTopic(TopicPrefix.Parse("demo-2")), RuleSql.Parse((string)RuleEvent("demo-2")["Sql"]!).TopicFilter);

    [Fact]
    public void RuleSql_SelectsTheChannelIdAndAddsThePublishersClientIdAsClientId()
    {
        var sql = RuleSql.Parse((string)RuleEvent()["Sql"]!);

        Assert.False(sql.SelectsAll);
        Assert.Equal(["channelId"], sql.Fields);
        Assert.Equal([new RuleSql.Extra("clientid", "clientId")], sql.Extras);
    }

    [Fact]
    public void Rule_UsesSqlVersion20160323()
        => Assert.Equal("2016-03-23", (string?)RuleEvent()["AwsIotSqlVersion"]);
}
