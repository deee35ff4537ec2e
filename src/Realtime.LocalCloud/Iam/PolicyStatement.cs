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

    public bool MatchesResource(string resource)
    {
        bool any = Resources.Any(r => Wildcard.IsMatch(r, resource));
        return NotResource ? !any : any;
    }
}
