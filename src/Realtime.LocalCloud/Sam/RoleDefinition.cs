using Realtime.LocalCloud.Iam;

namespace Realtime.LocalCloud.Sam;

/// <summary>An IAM role of the template: its identity policies and its trust policy (who may assume it).</summary>
internal sealed record RoleDefinition(string Name, IReadOnlyList<PolicyDocument> Policies, PolicyDocument? TrustPolicy)
{
    public string Arn => LocalAccount.RoleArn(Name);
}
