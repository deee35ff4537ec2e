namespace Realtime.LocalCloud.Iam;

/// <summary>What a statement does when it matches.</summary>
internal enum PolicyEffect
{
    Allow,
    Deny,
}
