using Realtime.LocalCloud.Iam;
using Realtime.LocalCloud.Sam;

namespace Realtime.LocalCloud.Sts;

/// <summary>
/// Who may assume a role: the role's trust policy must allow sts:AssumeRole for the caller. A trust statement that names
/// the caller itself (its role ARN, its session ARN or its user ARN) is enough on its own; one that names only the account
/// (root) also needs an identity policy of the caller that allows sts:AssumeRole on the role, as in IAM. An explicit Deny of
/// sts:AssumeRole in the caller's own policies wins in every case (IAM's evaluation: an explicit deny overrides any allow).
/// </summary>
internal static class AssumeRoleAuthorizer
{
    public static bool IsAllowed(IssuedCredentials caller, RoleDefinition role, out string reason)
    {
        reason = "";
        string accountRoot = $"arn:aws:iam::{LocalAccount.AccountId}:root";
        var names = new List<string> { caller.PrincipalArn };
        if (caller.RoleName is { } callerRole)
        {
            names.Add(LocalAccount.RoleArn(callerRole));
        }

        if (caller.Rights.Decide("sts:AssumeRole", role.Arn, RequestContext.For(caller)) == PolicyDecision.ExplicitDeny)
        {
            reason = "the caller's own policy explicitly denies sts:AssumeRole on the role";
            return false;
        }

        var statements = role.TrustPolicy?.Statements.Where(s => s.MatchesAction("sts:AssumeRole")).ToList() ?? [];
        if (statements.Any(s => s.Effect == PolicyEffect.Deny && s.Principals.Any(p => p == "*" || names.Contains(p) || p == accountRoot)))
        {
            reason = "the trust policy explicitly denies the caller";
            return false;
        }

        var allows = statements.Where(s => s.Effect == PolicyEffect.Allow && !s.HasCondition).ToList();
        if (allows.Any(s => s.Principals.Any(names.Contains)))
        {
            return true;
        }

        bool accountTrusted = allows.Any(s => s.Principals.Any(p => p == "*" || p == accountRoot || p == LocalAccount.AccountId));
        if (accountTrusted && caller.Rights.IsAllowed("sts:AssumeRole", role.Arn, RequestContext.For(caller)))
        {
            return true;
        }

        reason = accountTrusted
            ? "no identity policy of the caller allows sts:AssumeRole on the role"
            : "the role's trust policy does not name the caller";
        return false;
    }
}
