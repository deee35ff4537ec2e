namespace Realtime.LocalCloud.Iam;

/// <summary>The outcome of evaluating policies for one action on one resource.</summary>
internal enum PolicyDecision
{
    Allow,
    ImplicitDeny,
    ExplicitDeny,
}
