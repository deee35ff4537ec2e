using System.Globalization;
using System.Text.Json;
using Realtime.Channels;

namespace ResponderFunction.Ownership;

/// <summary>
/// Lease items in DynamoDB: <c>channelId</c> (partition key), <c>ownerId</c> (the invocation's request id), <c>expiresAt</c>
/// (Unix milliseconds; the only expiry the lease logic trusts) and <c>ttl</c> (Unix seconds, an hour later: DynamoDB's
/// time to live deletes forgotten items eventually, which is garbage collection only, because it may take days).
/// </summary>
internal sealed class DynamoDbLeaseStore : ILeaseStore
{
    /// <summary>The TTL attribute; the template's TimeToLiveSpecification names the same.</summary>
    public const string TtlAttribute = "ttl";

    private static readonly TimeSpan s_garbageAfter = TimeSpan.FromHours(1);

    private readonly DynamoDbJsonClient _client;
    private readonly string _table;

    public DynamoDbLeaseStore(DynamoDbJsonClient client, string table)
    {
        _client = client;
        _table = table;
    }

    public Task<bool> TryAcquireAsync(ChannelId channel, string owner, DateTimeOffset now, DateTimeOffset expiresAt, CancellationToken cancellationToken)
        => SendAsync("PutItem", Body(w =>
        {
            w.WriteStartObject("Item");
            String(w, "channelId", channel.Value);
            String(w, "ownerId", owner);
            Number(w, "expiresAt", expiresAt.ToUnixTimeMilliseconds());
            Number(w, TtlAttribute, (expiresAt + s_garbageAfter).ToUnixTimeSeconds());
            w.WriteEndObject();
            w.WriteString("ConditionExpression", "attribute_not_exists(channelId) OR expiresAt < :now");
            Values(w, ("now", now.ToUnixTimeMilliseconds()));
        }), cancellationToken);

    public Task<bool> TryRenewAsync(ChannelId channel, string owner, DateTimeOffset expiresAt, CancellationToken cancellationToken)
        => SendAsync("UpdateItem", Body(w =>
        {
            Key(w, channel);
            // "ttl" is a DynamoDB reserved word: it must go through a name placeholder.
            w.WriteString("UpdateExpression", "SET expiresAt = :expires, #ttl = :ttl");
            w.WriteString("ConditionExpression", "ownerId = :owner");
            w.WriteStartObject("ExpressionAttributeNames");
            w.WriteString("#ttl", TtlAttribute);
            w.WriteEndObject();
            Values(w, ("expires", expiresAt.ToUnixTimeMilliseconds()), ("ttl", (expiresAt + s_garbageAfter).ToUnixTimeSeconds()), owner: owner);
        }), cancellationToken);

    public Task<bool> TryReleaseAsync(ChannelId channel, string owner, CancellationToken cancellationToken)
        => SendAsync("DeleteItem", Body(w =>
        {
            Key(w, channel);
            w.WriteString("ConditionExpression", "ownerId = :owner");
            Values(w, owner: owner);
        }), cancellationToken);

    private async Task<bool> SendAsync(string operation, byte[] body, CancellationToken cancellationToken)
    {
        string? error = await _client.SendAsync(operation, body, cancellationToken).ConfigureAwait(false);
        return error switch
        {
            null => true,
            DynamoDbJsonClient.ConditionalCheckFailed => false,
            _ => throw new LeaseStoreException($"DynamoDB {operation} on {_table} was refused: {error}."),
        };
    }

    private byte[] Body(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("TableName", _table);
            write(writer);
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static void Key(Utf8JsonWriter w, ChannelId channel)
    {
        w.WriteStartObject("Key");
        String(w, "channelId", channel.Value);
        w.WriteEndObject();
    }

    private static void Values(Utf8JsonWriter w, (string Name, long Value) first, (string Name, long Value)? second = null, string? owner = null)
    {
        w.WriteStartObject("ExpressionAttributeValues");
        Number(w, ":" + first.Name, first.Value);
        if (second is { } s)
        {
            Number(w, ":" + s.Name, s.Value);
        }

        if (owner is not null)
        {
            String(w, ":owner", owner);
        }

        w.WriteEndObject();
    }

    private static void Values(Utf8JsonWriter w, string owner)
    {
        w.WriteStartObject("ExpressionAttributeValues");
        String(w, ":owner", owner);
        w.WriteEndObject();
    }

    private static void String(Utf8JsonWriter w, string name, string value)
    {
        w.WriteStartObject(name);
        w.WriteString("S", value);
        w.WriteEndObject();
    }

    // DynamoDB's JSON carries numbers as strings ({"N":"123"}).
    private static void Number(Utf8JsonWriter w, string name, long value)
    {
        w.WriteStartObject(name);
        w.WriteString("N", value.ToString(CultureInfo.InvariantCulture));
        w.WriteEndObject();
    }
}
