using System.Text.Json.Nodes;
using System.Text;
using Realtime.Channels;
using Realtime.LocalCloud.Iot;
using Realtime.LocalCloud.Sam;
using Realtime.LocalCloud.Tests.Support;
using Realtime.TestSupport;

namespace Realtime.LocalCloud.Tests.Unit;

/// <summary>
/// Finding #2: the template's rule is an explicit projection, so what reaches the responder is the channelId the publisher
/// named and the clientId of its real MQTT connection, never a clientId (or anything else) written into the payload.
/// </summary>
public sealed class RuleProjectionTests
{
    private static RuleSql TemplateRule()
    {
        LocalTemplate template = TemplateLoader.Load(Path.Combine(RepositoryRoot.Path, "serverless.template"), new Dictionary<string, string>());
        return RuleSql.Parse(Assert.Single(template.IotRules).Sql);
    }

    private static JsonObject Select(RuleSql sql, string payload, string? clientId) =>
        (JsonObject)JsonNode.Parse(RuleEngine.Select(sql, "foobar/session", Encoding.UTF8.GetBytes(payload), clientId, TimeProvider.System, out string? why)
                                   ?? throw new InvalidOperationException(why))!;

    [Fact]
    public void TheTemplatesRule_IsAnExplicitProjection()
    {
        RuleSql sql = TemplateRule();

        Assert.False(sql.SelectsAll);
        Assert.Equal(["channelId"], sql.Fields);
        Assert.Equal(new RuleSql.Extra("clientid", "clientId"), Assert.Single(sql.Extras));
    }

    [Fact]
    public void AForgedClientId_CannotStartAResponderForSomeoneElsesChannel()
    {
        // The attacker is connected as client-attacker and names the victim's channel, claiming the victim's client id.
        const string Victim = "0123456789abcdef0123";
        string forged = $$"""{"channelId":"{{Victim}}","clientId":"client-{{Victim}}"}""";

        JsonObject selected = Select(TemplateRule(), forged, "client-attacker");

        Assert.Equal("client-attacker", (string?)selected["clientId"]);
        Assert.False(TriggerParser.Parse(Encoding.UTF8.GetBytes(selected.ToJsonString())).IsAccepted);
    }

    [Fact]
    public void OnlyTheProjectedFields_ReachTheResponder()
    {
        JsonObject selected = Select(TemplateRule(), """{"channelId":"abc","admin":true,"pad":"xxxx"}""", "client-abc");

        Assert.Equal(["channelId", "clientId"], selected.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.True(TriggerParser.Parse(Encoding.UTF8.GetBytes(selected.ToJsonString())).IsAccepted);
    }

    [Fact]
    public void AMissingChannelId_IsLeftOut_AndTheTriggerIsRefused()
    {
        JsonObject selected = Select(TemplateRule(), """{"channel":"abc"}""", "client-abc");

        Assert.Equal(["clientId"], selected.Select(p => p.Key));
        Assert.False(TriggerParser.Parse(Encoding.UTF8.GetBytes(selected.ToJsonString())).IsAccepted);
    }
}
