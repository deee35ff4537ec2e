using System.Text.Json.Nodes;
using Realtime.LocalCloud.DynamoDb;

namespace Realtime.LocalCloud.Tests.DynamoDb;

/// <summary>The local ConditionExpression subset, with DynamoDB's placeholder rules.</summary>
public sealed class ConditionExpressionTests
{
    private static readonly Dictionary<string, JsonObject> Item = new()
    {
        ["channelId"] = N("S", "abc"),
        ["ownerId"] = N("S", "req-1"),
        ["expiresAt"] = N("N", "1000"),
        ["ttl"] = N("N", "5"),
    };

    private static JsonObject N(string type, string value) => new() { [type] = value };

    private static bool Eval(string expression, IReadOnlyDictionary<string, JsonObject>? item, string values = """{":now":{"N":"1500"},":owner":{"S":"req-1"}}""", string? names = null)
    {
        var context = new ExpressionContext(names is null ? null : (JsonObject)JsonNode.Parse(names)!, (JsonObject)JsonNode.Parse(values)!);
        ConditionExpression condition = ConditionExpression.Parse(expression, context);
        return condition.IsTrueFor(item);
    }

    [Theory]
    [InlineData("attribute_not_exists(channelId) OR expiresAt < :now", false, true)] // expired lease: takeover allowed
    [InlineData("ownerId = :owner", false, true)]
    [InlineData("ownerId <> :owner", false, false)]
    [InlineData("NOT ownerId = :owner", false, false)]
    [InlineData("attribute_exists(ownerId) AND expiresAt >= :now", false, false)]
    [InlineData("(expiresAt < :now) AND (ownerId = :owner)", false, true)]
    [InlineData("expiresAt > :now OR expiresAt <= :now", false, true)]
    [InlineData("attribute_not_exists(channelId)", true, true)] // no item at all
    [InlineData("ownerId = :owner", true, false)]
    [InlineData("ownerId <> :owner", true, true)]
    public void Evaluates(string expression, bool noItem, bool expected)
        => Assert.Equal(expected, Eval(expression, noItem ? null : Item));

    [Fact]
    public void ALiveLease_BlocksATakeover()
        => Assert.False(Eval("attribute_not_exists(channelId) OR expiresAt < :now", Item, """{":now":{"N":"999"}}"""));

    [Fact]
    public void Numbers_CompareAsNumbers_FiveIsLessThanTen()
        => Assert.True(Eval("ttl < :ten", Item, """{":ten":{"N":"10"}}""")); // as text "5" > "10"

    [Fact]
    public void AndBindsTighterThanOr()
        => Assert.True(Eval("ownerId = :owner OR ownerId = :other AND expiresAt > :now", Item,
            """{":now":{"N":"99999"},":owner":{"S":"req-1"},":other":{"S":"x"}}"""));

    [Fact]
    public void NamePlaceholders_AreResolved()
        => Assert.True(Eval("#t = :five", Item, """{":five":{"N":"5"}}""", """{"#t":"ttl"}"""));

    [Theory]
    [InlineData("ownerId = :owner", """{":owner":{"S":"a"},":unused":{"N":"1"}}""", null, "unused")]
    [InlineData("ownerId = :owner", """{":owner":{"S":"a"}}""", """{"#x":"ttl"}""", "unused")]
    [InlineData("ownerId = :missing", "{}", null, "not defined")]
    [InlineData("#missing = :v", """{":v":{"S":"a"}}""", null, "not defined")]
    [InlineData("ownerId = ", "{}", null, "ends too early")]
    [InlineData("ownerId == :v", """{":v":{"S":"a"}}""", null, "Invalid")]
    [InlineData("a.b = :v", """{":v":{"S":"a"}}""", null, "not supported")]
    [InlineData("ownerId = :v)", """{":v":{"S":"a"}}""", null, "unexpected")]
    [InlineData("ownerId = :v", """{":v":{"N":"abc"}}""", null, "number")]
    [InlineData("ownerId = :v", """{":v":{"S":"a","N":"1"}}""", null, "exactly one type")]
    public void BadExpressions_AreValidationErrors(string expression, string values, string? names, string message)
    {
        var error = Assert.Throws<DynamoDbException>(() =>
        {
            var context = new ExpressionContext(names is null ? null : (JsonObject)JsonNode.Parse(names)!, (JsonObject)JsonNode.Parse(values)!);
            ConditionExpression.Parse(expression, context).IsTrueFor(Item);
            context.CheckAllUsed();
        });
        Assert.Equal("ValidationException", error.Code);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
