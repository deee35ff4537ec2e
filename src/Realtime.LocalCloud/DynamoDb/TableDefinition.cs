using Realtime.LocalCloud.Sam;

namespace Realtime.LocalCloud.DynamoDb;

/// <summary>An AWS::DynamoDB::Table as the local cloud runs it: a partition key (no sort key) and an optional TTL attribute.</summary>
internal sealed record TableDefinition(string LogicalId, string Name, string KeyAttribute, string KeyType, string? TtlAttribute)
{
    public string Arn => LocalAccount.TableArn(Name);
}
