namespace Realtime.LocalCloud.Iam;

/// <summary>
/// IAM's evaluation logic for one policy set: an explicit Deny wins, otherwise an Allow is needed, otherwise denied
/// (implicit deny). Identity and session policies are combined by <see cref="Rights"/> (an intersection).
/// </summary>
internal static class PolicyEvaluator
{
    public static PolicyDecision Evaluate(IEnumerable<PolicyDocument> policies, string action, string resource, RequestContext? context = null)
    {
        bool allowed = false;
        foreach (PolicyStatement statement in policies.SelectMany(p => p.Statements))
        {
            if (!statement.MatchesAction(action) || !statement.MatchesResource(resource, context ?? RequestContext.Empty))
            {
                continue;
            }

            // Conditions are not evaluated locally: fail closed (see PolicyStatement).
            if (statement.Effect == PolicyEffect.Deny)
            {
                return PolicyDecision.ExplicitDeny;
            }

            allowed |= !statement.HasCondition;
        }

        return allowed ? PolicyDecision.Allow : PolicyDecision.ImplicitDeny;
    }
}
