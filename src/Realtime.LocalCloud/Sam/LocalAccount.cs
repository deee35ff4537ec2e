namespace Realtime.LocalCloud.Sam;

/// <summary>The fixed identity of the local stack: one account in one region, ARNs shaped as in AWS.</summary>
internal static class LocalAccount
{
    public const string Region = "us-east-1";
    public const string AccountId = "000000000000";
    public const string Partition = "aws";
    public const string UrlSuffix = "amazonaws.com";

    public static string RoleArn(string roleName) => $"arn:aws:iam::{AccountId}:role/{roleName}";

    public static string AssumedRoleArn(string roleName, string sessionName) =>
        $"arn:aws:sts::{AccountId}:assumed-role/{roleName}/{sessionName}";

    public static string FunctionArn(string functionName) => $"arn:aws:lambda:{Region}:{AccountId}:function:{functionName}";

    public static string TableArn(string tableName) => $"arn:aws:dynamodb:{Region}:{AccountId}:table/{tableName}";

    public static string IotArn(string kind, string name) => $"arn:aws:iot:{Region}:{AccountId}:{kind}/{name}";
}
