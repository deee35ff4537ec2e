using System.Text;
using System.Text.Json.Nodes;
using Realtime.LocalCloud.Iot;

namespace Realtime.LocalCloud.Tests.Unit;

public sealed class RuleEngineTests
{
    private static JsonObject? Select(string sql, string payload, string? clientId)
    {
        byte[]? selected = RuleEngine.Select(RuleSql.Parse(sql), "foobar/session", Encoding.UTF8.GetBytes(payload), clientId, TimeProvider.System, out _);
        return selected is null ? null : (JsonObject)JsonNode.Parse(selected)!;
    }

    [Fact]
    public void ClientId_IsAddedUnderItsAlias()
    {
        JsonObject selected = Select("SELECT *, clientid() AS clientId FROM 'foobar/session'", "{\"channelId\":\"abc\"}", "client-abc")!;
        Assert.Equal("abc", selected["channelId"]!.GetValue<string>());
        Assert.Equal("client-abc", selected["clientId"]!.GetValue<string>());
    }

    [Fact]
    public void WithoutAnMqttPublisher_TheClientIdIsNA_AsOnAws()
    {
        JsonObject selected = Select("SELECT *, clientid() AS clientId FROM 'foobar/session'", "{\"channelId\":\"1\",\"clientId\":\"client-1\"}", null)!;
        Assert.Equal("n/a", selected["clientId"]!.GetValue<string>());
    }

    [Fact]
    public void AForgedClientIdInThePayload_IsReplacedByTheRealOne()
    {
        JsonObject selected = Select("SELECT *, clientid() AS clientId FROM 'foobar/session'", "{\"channelId\":\"1\",\"clientId\":\"client-1\"}", "client-2")!;
        Assert.Equal("client-2", selected["clientId"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("\"text\"")]
    public void NonObjectPayloads_AreNotSelected(string payload) =>
        Assert.Null(Select("SELECT * FROM 'foobar/session'", payload, "c"));

    [Theory]
    [InlineData("SELECT * FROM 'foobar/session'", "{\"channelId\":\"\\ud800\"}")]
    [InlineData("SELECT *, clientid() AS clientId FROM 'foobar/session'", "{\"channelId\":\"\\ud800\"}")]
    [InlineData("SELECT *, clientid() AS clientId FROM 'foobar/session'", "{\"channelId\":\"abc\",\"x\":\"\\udc00\\ud800\"}")]
    [InlineData("SELECT *, clientid() AS clientId FROM 'foobar/session'", "{\"\\ud800\":1}")]
    public void UnpairedSurrogateEscapes_AreNotSelected_WithTheReason(string sql, string payload)
    {
        byte[]? selected = RuleEngine.Select(RuleSql.Parse(sql), "foobar/session", Encoding.UTF8.GetBytes(payload), "c", TimeProvider.System, out string? notSelected);

        Assert.Null(selected);
        Assert.Contains("not valid Unicode", notSelected);
    }

    [Fact]
    public void InvalidJson_IsNotSelected_WithTheReason()
    {
        Assert.Null(RuleEngine.Select(RuleSql.Parse("SELECT * FROM 'foobar/session'"), "foobar/session", "{"u8.ToArray(), "c", TimeProvider.System, out string? notSelected));
        Assert.Contains("not valid JSON", notSelected);
    }
}
