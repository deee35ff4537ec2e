using Deployment.Tests.Sql;
using Deployment.Tests.Template;
using Realtime.Channels;

namespace Deployment.Tests.Tests;

/// <summary>The responder's IoT rule: SQL that parses, listens on the session topic clients are told, adds clientId.</summary>
public sealed class IotRuleTests
{
    private static Dictionary<string, System.Text.Json.Nodes.JsonNode?> RuleEvent(string prefix = "foobar")
    {
        var template = Fixtures.Template;
        var events = template.Evaluator(new Dictionary<string, string> { ["TopicPrefix"] = prefix })
            .Evaluate(template.FunctionProperties("ResponderFunction")["Events"])!.AsObject();
        var rule = Assert.Single(events, e => (string?)e.Value!["Type"] == "IoTRule").Value!;
        return rule["Properties"]!.AsObject().ToDictionary(p => p.Key, p => p.Value);
    }

    [Fact]
    public void RuleSql_ReadsTheSessionTopicTheSessionFunctionTellsClients()
    {
        var template = Fixtures.Template;
        var prefix = TopicPrefix.Parse(template.ParameterDefault("TopicPrefix")!);

        var sql = IotRuleSql.Parse((string)RuleEvent()["Sql"]!);

        Assert.Equal(ChannelTopics.SessionTopic(prefix), sql.Topic);
        Assert.Equal("foobar/session", sql.Topic);
    }

    [Fact]
    public void RuleSql_FollowsTheTopicPrefixParameter()
        => Assert.Equal(ChannelTopics.SessionTopic(TopicPrefix.Parse("demo-2")), IotRuleSql.Parse((string)RuleEvent("demo-2")["Sql"]!).Topic);

    [Fact]
    public void RuleSql_SelectsTheChannelIdAndAddsThePublishersClientIdAsClientId()
    {
        var sql = IotRuleSql.Parse((string)RuleEvent()["Sql"]!);

        Assert.Equal([new SelectItem("channelId", null), new SelectItem("clientid()", "clientId")], sql.Select);
        Assert.Null(sql.Where);
    }

    [Fact]
    public void Rule_UsesSqlVersion20160323()
        => Assert.Equal("2016-03-23", (string?)RuleEvent()["AwsIotSqlVersion"]);
}
