using System.Text.RegularExpressions;
using SessionFunction.Configuration;

namespace SessionFunction.Sessions;

/// <summary>
/// The renewal route, <c>POST /renew</c>, and the ARN <c>execute-api:Invoke</c> checks for it:
/// <c>arn:&lt;partition&gt;:execute-api:&lt;region&gt;:&lt;account&gt;:&lt;apiId&gt;/*/POST/renew</c> (any stage of this one API).
/// </summary>
internal static partial class RenewRoute
{
    /// <summary>The route's path, relative to the stage.</summary>
    public const string Path = "/renew";

    /// <summary>The route's method.</summary>
    public const string Method = "POST";

    /// <summary>
    /// The ARN for the API that invoked the function (<c>requestContext.apiId</c>), or null when there is no API id or it
    /// has characters outside <c>[A-Za-z0-9_-]</c> (no IAM wildcard can ever reach the session policy).
    /// </summary>
    public static string? Arn(ClientRoleArn role, string region, string? apiId)
    {
        ArgumentNullException.ThrowIfNull(role);
        return apiId is not null && ApiIdPattern().IsMatch(apiId)
            ? $"arn:{role.Partition}:execute-api:{region}:{role.AccountId}:{apiId}/*/{Method}{Path}"
            : null;
    }

    // Real API ids are 10 lowercase alphanumerics; the local cloud uses the template's logical id.
    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex ApiIdPattern();
}
