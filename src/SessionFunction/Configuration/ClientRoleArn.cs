using System.Text.RegularExpressions;

namespace SessionFunction.Configuration;

/// <summary>A parsed IAM role ARN; the partition and account also go into the session policy's IoT ARNs.</summary>
internal sealed partial record ClientRoleArn(string Value, string Partition, string AccountId)
{
    /// <summary>Parses <c>arn:&lt;partition&gt;:iam::&lt;12-digit account&gt;:role/[path/]name</c>; false for anything else.</summary>
    public static bool TryParse(string value, out ClientRoleArn? arn)
    {
        Match match = RoleArnPattern().Match(value);
        arn = match.Success ? new ClientRoleArn(value, match.Groups["partition"].Value, match.Groups["account"].Value) : null;
        return arn is not null;
    }

    // IAM role names: [\w+=,.@-]{1,64}, paths: /segments/ of printable ASCII without spaces (IAM API reference).
    [GeneratedRegex(@"^arn:(?<partition>aws|aws-cn|aws-us-gov|aws-iso[a-z-]*):iam::(?<account>[0-9]{12}):role/(?:[\x21-\x7E]*/)?[A-Za-z0-9_+=,.@-]{1,64}$",
        RegexOptions.CultureInvariant)]
    private static partial Regex RoleArnPattern();
}
