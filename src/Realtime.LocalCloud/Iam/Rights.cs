namespace Realtime.LocalCloud.Iam;

/// <summary>
/// What a set of credentials may do: the identity policies (a role's, or the admin's) and, for credentials from AssumeRole
/// with a Policy parameter, the session policy. AWS grants the intersection: both must allow, and any explicit Deny wins.
/// </summary>
internal sealed record Rights(IReadOnlyList<PolicyDocument> IdentityPolicies, PolicyDocument? SessionPolicy = null)
{
    public static readonly Rights Administrator = new([PolicyDocument.AllowAll]);

    public bool IsAllowed(string action, string resource, RequestContext? context = null) => Decide(action, resource, context) == PolicyDecision.Allow;

    public PolicyDecision Decide(string action, string resource, RequestContext? context = null)
    {
        PolicyDecision identity = PolicyEvaluator.Evaluate(IdentityPolicies, action, resource, context);
        if (SessionPolicy is null || identity == PolicyDecision.ExplicitDeny)
        {
            return identity;
        }

        PolicyDecision session = PolicyEvaluator.Evaluate([SessionPolicy], action, resource, context);
        return session == PolicyDecision.Allow ? identity : session;
    }
}
