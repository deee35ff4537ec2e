namespace Realtime.LocalCloud.Iam;

/// <summary>
/// One IAM statement. <see cref="Principals"/> is only used in trust policies. A statement with a Condition block is kept but
/// marked: the local evaluator does not evaluate conditions, so such an Allow never matches and such a Deny always does
/// (fail closed), and the loader warns about it.
/// </summary>
internal sealed record PolicyStatement(
    PolicyEffect Effect,
    IReadOnlyList<string> Actions,
    bool NotAction,
    IReadOnlyList<string> Resources,
    bool NotResource,
    IReadOnlyList<string> Principals,
    bool HasCondition)
{
    public bool MatchesAction(string action)
    {
        bool any = Actions.Any(a => Wildcard.IsMatch(a, action, ignoreCase: true));
        return NotAction ? !any : any;
    }

    /// <summary>
    /// Whether the statement applies to <paramref name="resource"/>, policy variables taken from <paramref name="context"/>.
    /// A pattern with a variable the request lacks counts so that an Allow does not apply and a Deny does (fail closed).
    /// </summary>
    public bool MatchesResource(string resource, RequestContext context)
    {
        bool any = Resources.Any(r =>
        {
            PolicyPattern pattern = PolicyPattern.Resolve(r, context);
            return pattern.Unresolved ? (Effect == PolicyEffect.Deny) != NotResource : Wildcard.IsMatch(pattern.Text, pattern.Literal, resource);
        });
        return NotResource ? !any : any;
    }
}
