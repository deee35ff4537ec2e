using System.Text.Json.Nodes;
using Realtime.LocalCloud.DynamoDb;
using Realtime.TestSupport;

namespace Realtime.LocalCloud.Tests.DynamoDb;

/// <summary>Atomic conditional writes and lazy TTL of the local table.</summary>
public sealed class LocalTableTests
{
    private static readonly TableDefinition Leases = new("LeaseTable", "LeaseTable", "channelId", "S", "ttl");
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    private static DynamoDbService Service(LocalTable table) => new([table]);

    private static JsonObject Acquire(string owner, long now, long expiresAt, long ttl) => (JsonObject)JsonNode.Parse("""
        {"TableName":"LeaseTable",
         "Item":{"channelId":{"S":"abc"},"ownerId":{"S":"OWNER"},"expiresAt":{"N":"EXPIRES"},"ttl":{"N":"TTL"}},
         "ConditionExpression":"attribute_not_exists(channelId) OR expiresAt < :now",
         "ExpressionAttributeValues":{":now":{"N":"NOW"}}}
        """.Replace("OWNER", owner, StringComparison.Ordinal).Replace("EXPIRES", Text(expiresAt), StringComparison.Ordinal)
        .Replace("TTL", Text(ttl), StringComparison.Ordinal).Replace("NOW", Text(now), StringComparison.Ordinal))!;

    private static string Text(long number) => number.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static JsonObject Key => (JsonObject)JsonNode.Parse("""{"channelId":{"S":"abc"}}""")!;

    [Fact]
    public async Task ManyConcurrentConditionalPuts_ExactlyOneSucceeds()
    {
        var table = new LocalTable(Leases, _time);
        var service = Service(table);
        using var start = new ManualResetEventSlim();
        var attempts = Enumerable.Range(0, 64).Select(i => Task.Run(() =>
        {
            start.Wait();
            try
            {
                service.Execute("PutItem", Acquire($"owner-{i}", now: 100, expiresAt: 200, ttl: 1));
                return true;
            }
            catch (DynamoDbException e) when (e.Code == "ConditionalCheckFailedException")
            {
                return false;
            }
        })).ToList();
        start.Set();

        bool[] results = await Task.WhenAll(attempts);
        Assert.Single(results, r => r);
        Assert.Equal(1, table.Count);
    }

    [Fact]
    public void AnExpiredLease_IsTakenOver_ALiveOneIsNot()
    {
        var service = Service(new LocalTable(Leases, _time));
        service.Execute("PutItem", Acquire("first", now: 100, expiresAt: 200, ttl: 9_999_999_999));

        var refused = Assert.Throws<DynamoDbException>(() => service.Execute("PutItem", Acquire("second", now: 200, expiresAt: 300, ttl: 9_999_999_999)));
        Assert.Equal("ConditionalCheckFailedException", refused.Code);
        service.Execute("PutItem", Acquire("second", now: 201, expiresAt: 300, ttl: 9_999_999_999));

        Assert.Equal("second", Owner(service));
    }

    [Fact]
    public void Ttl_IsLazy_AnItemPastItsTtlStillCountsForConditions_UntilTheSweep()
    {
        var table = new LocalTable(Leases, _time, ttlDelay: TimeSpan.FromMinutes(10));
        var service = Service(table);
        long nowSeconds = _time.GetUtcNow().ToUnixTimeSeconds();
        // TTL already passed, but the lease itself (expiresAt, far ahead) is live.
        service.Execute("PutItem", Acquire("first", now: 0, expiresAt: long.MaxValue / 2, ttl: nowSeconds - 1));

        Assert.Throws<DynamoDbException>(() => service.Execute("PutItem", Acquire("second", now: 1, expiresAt: 2, ttl: nowSeconds)));
        Assert.Equal(1, table.Count);

        _time.Advance(TimeSpan.FromMinutes(11));
        Assert.Equal(0, table.Count); // garbage-collected, eventually
    }

    [Fact]
    public void UpdateAndDelete_AreConditionalOnTheOwner()
    {
        var service = Service(new LocalTable(Leases, _time));
        service.Execute("PutItem", Acquire("me", now: 0, expiresAt: 100, ttl: 9_999_999_999));
        JsonObject Renew(string owner) => (JsonObject)JsonNode.Parse("""
            {"TableName":"LeaseTable","Key":{"channelId":{"S":"abc"}},
             "UpdateExpression":"SET expiresAt = :expires, #ttl = :ttl","ConditionExpression":"ownerId = :owner",
             "ExpressionAttributeNames":{"#ttl":"ttl"},
             "ExpressionAttributeValues":{":expires":{"N":"500"},":ttl":{"N":"9999999999"},":owner":{"S":"OWNER"}}}
            """.Replace("OWNER", owner, StringComparison.Ordinal))!;
        JsonObject Release(string owner) => (JsonObject)JsonNode.Parse("""
            {"TableName":"LeaseTable","Key":{"channelId":{"S":"abc"}},"ConditionExpression":"ownerId = :owner",
             "ExpressionAttributeValues":{":owner":{"S":"OWNER"}}}
            """.Replace("OWNER", owner, StringComparison.Ordinal))!;

        Assert.Equal("ConditionalCheckFailedException", Assert.Throws<DynamoDbException>(() => service.Execute("UpdateItem", Renew("other"))).Code);
        service.Execute("UpdateItem", Renew("me"));
        Assert.Equal("500", Get(service)!["expiresAt"]!["N"]!.ToString());

        Assert.Equal("ConditionalCheckFailedException", Assert.Throws<DynamoDbException>(() => service.Execute("DeleteItem", Release("other"))).Code);
        service.Execute("DeleteItem", Release("me"));
        Assert.Null(Get(service));

        // Renewing a lease that is gone must not resurrect it.
        Assert.Throws<DynamoDbException>(() => service.Execute("UpdateItem", Renew("me")));
        Assert.Null(Get(service));
    }

    [Theory]
    [InlineData("""{"TableName":"Nope","Key":{"channelId":{"S":"abc"}}}""", "ResourceNotFoundException")]
    [InlineData("""{"TableName":"LeaseTable","Key":{"channelId":{"N":"1"}}}""", "ValidationException")]
    [InlineData("""{"TableName":"LeaseTable","Key":{"channelId":{"S":""}}}""", "ValidationException")]
    [InlineData("""{"TableName":"LeaseTable","Key":{"channelId":{"S":"a"},"other":{"S":"b"}}}""", "ValidationException")]
    [InlineData("""{"TableName":"LeaseTable"}""", "ValidationException")]
    [InlineData("""{"Key":{"channelId":{"S":"a"}}}""", "ValidationException")]
    [InlineData("""{"TableName":"LeaseTable","Key":{"channelId":{"S":"a"}},"ReturnValues":"ALL_OLD"}""", "ValidationException")]
    public void BadRequests_AreNamedErrors(string request, string code)
        => Assert.Equal(code, Assert.Throws<DynamoDbException>(() => Service(new LocalTable(Leases, _time)).Execute("DeleteItem", (JsonObject)JsonNode.Parse(request)!)).Code);

    private static string? Owner(DynamoDbService service) => Get(service)?["ownerId"]?["S"]?.ToString();

    private static JsonObject? Get(DynamoDbService service) =>
        service.Execute("GetItem", new JsonObject { ["TableName"] = "LeaseTable", ["Key"] = Key })["Item"] as JsonObject;
}
