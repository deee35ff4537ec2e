using System.Diagnostics.CodeAnalysis;
using Realtime.Channels;
using SessionFunction.Configuration;

namespace SessionFunction.Sessions;

/// <summary>
/// Who signed a renewal, from the HTTP API's IAM authorizer: <c>requestContext.authorizer.iam.userArn</c> of an
/// IAM-authorized route is <c>arn:&lt;partition&gt;:sts::&lt;account&gt;:assumed-role/&lt;role name&gt;/&lt;role session name&gt;</c>.
/// Only a session of the client role whose session name is <c>client-&lt;issued channel id&gt;</c> can renew, and only that channel.
/// </summary>
internal static class RenewalCaller
{
    /// <summary>The caller's channel, or false with a reason that is safe to log (the ARN names no secret).</summary>
    public static bool TryGetChannel(string? userArn, ClientRoleArn role, [NotNullWhen(true)] out ChannelId? channel, out string problem)
    {
        ArgumentNullException.ThrowIfNull(role);
        channel = null;
        if (string.IsNullOrEmpty(userArn))
        {
            problem = "the request carries no IAM caller (the route must use the AWS_IAM authorizer)";
            return false;
        }

        string roleName = role.Value[(role.Value.LastIndexOf('/') + 1)..];
        string expectedPrefix = $"arn:{role.Partition}:sts::{role.AccountId}:assumed-role/{roleName}/";
        if (!userArn.StartsWith(expectedPrefix, StringComparison.Ordinal))
        {
            problem = $"the caller {Excerpt(userArn)} is not a session of the client role";
            return false;
        }

        string sessionName = userArn[expectedPrefix.Length..];
        string id = sessionName.StartsWith(ClientIds.ClientPrefix, StringComparison.Ordinal) ? sessionName[ClientIds.ClientPrefix.Length..] : "";
        // The session function only ever issues 20-hex ids, so only those name a channel that can be renewed.
        if (!ChannelId.LooksIssued(id) || !ChannelId.TryParse(id, out channel))
        {
            problem = $"the caller's role session name {Excerpt(sessionName)} names no issued channel";
            return false;
        }

        problem = "";
        return true;
    }

    private static string Excerpt(string value) => value.Length <= 160 ? value : string.Concat(value.AsSpan(0, 160), "…");
}
