using Deployment.Tests.Template;
using Realtime.LocalCloud.Iot;

namespace Deployment.Tests.Tests;

/// <summary>
/// Finding #2 of the abuse review: the responder trusts the trigger's <c>clientId</c>, so it must come from
/// <c>clientid()</c> and from nothing the publisher wrote. With <c>SELECT *, clientid() AS clientId</c> a payload that carries
/// its own clientId depends on which of the two AWS IoT keeps, which AWS does not document; an explicit projection (or a
/// WHERE on clientid()) leaves nothing to chance.
/// </summary>
public sealed class IotRuleClientIdTests
{
    private static RuleSql TemplateRule()
    {
        var template = Fixtures.Template;
        var events = template.Evaluator().Resolve(template.FunctionProperties("ResponderFunction")["Events"])!.AsObject();
        var rule = Assert.Single(events, e => (string?)e.Value!["Type"] == "IoTRule").Value!;
        return RuleSql.Parse((string)rule["Properties"]!["Sql"]!);
    }

    /// <summary>The names the payload itself can put into the selected event: everything for <c>*</c>, else each bare field.</summary>
    private static bool PayloadCanSupply(RuleSql sql, string name) => sql.SelectsAll || sql.Fields.Contains(name);

    [Fact]
    public void ThePayload_CannotSupplyTheClientId_OnlyClientIdFunctionDoes()
    {
        RuleSql sql = TemplateRule();

        Assert.False(PayloadCanSupply(sql, "clientId"), $"'{string.Join(", ", sql.Fields)}' lets a published clientId reach the responder");
        Assert.Single(sql.Extras, e => e.Name == "clientId" && e.Function == "clientid");
    }

    [Fact]
    public void TheCheck_WouldCatchTheOldSelectStar()
        => Assert.True(PayloadCanSupply(RuleSql.Parse("SELECT *, clientid() AS clientId FROM 'foobar/session'"), "clientId"));

    [Fact]
    public void ThePayload_StillSuppliesTheChannelId()
        => Assert.True(PayloadCanSupply(TemplateRule(), "channelId"));
}
