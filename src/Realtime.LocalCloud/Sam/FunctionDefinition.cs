namespace Realtime.LocalCloud.Sam;

/// <summary>An AWS::Serverless::Function as the local Lambda emulation runs it (all intrinsics resolved).</summary>
internal sealed record FunctionDefinition(
    string LogicalId,
    string Name,
    string CodeUri,
    string Handler,
    string Runtime,
    int MemorySizeMb,
    int TimeoutSeconds,
    IReadOnlyDictionary<string, string> Environment,
    string RoleName,
    int MaximumRetryAttempts,
    int? ReservedConcurrency)
{
    public string Arn => LocalAccount.FunctionArn(Name);
}
