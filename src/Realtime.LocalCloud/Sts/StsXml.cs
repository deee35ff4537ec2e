using System.Globalization;
using System.Xml.Linq;
using Realtime.LocalCloud.Iam;
using Realtime.LocalCloud.Sam;

namespace Realtime.LocalCloud.Sts;

/// <summary>STS query-protocol answers, shaped as AWS sends them (namespace https://sts.amazonaws.com/doc/2011-06-15/).</summary>
internal static class StsXml
{
    private static readonly XNamespace s_ns = "https://sts.amazonaws.com/doc/2011-06-15/";

    public static string AssumeRoleResponse(IssuedCredentials credentials, string roleName, string sessionName, int packedPolicyPercent, string requestId) =>
        Document(new XElement(s_ns + "AssumeRoleResponse",
            new XElement(s_ns + "AssumeRoleResult",
                new XElement(s_ns + "AssumedRoleUser",
                    new XElement(s_ns + "AssumedRoleId", $"AROALOCAL{roleName.ToUpperInvariant()}:{sessionName}"),
                    new XElement(s_ns + "Arn", credentials.PrincipalArn)),
                new XElement(s_ns + "Credentials",
                    new XElement(s_ns + "AccessKeyId", credentials.AccessKeyId),
                    new XElement(s_ns + "SecretAccessKey", credentials.SecretAccessKey),
                    new XElement(s_ns + "SessionToken", credentials.SessionToken),
                    new XElement(s_ns + "Expiration", credentials.Expiration!.Value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture))),
                new XElement(s_ns + "PackedPolicySize", packedPolicyPercent)),
            Metadata(requestId)));

    public static string GetCallerIdentityResponse(IssuedCredentials caller, string requestId) =>
        Document(new XElement(s_ns + "GetCallerIdentityResponse",
            new XElement(s_ns + "GetCallerIdentityResult",
                new XElement(s_ns + "Arn", caller.PrincipalArn),
                new XElement(s_ns + "UserId", caller.AccessKeyId),
                new XElement(s_ns + "Account", LocalAccount.AccountId)),
            Metadata(requestId)));

    /// <summary>An ErrorResponse; <paramref name="sender"/> says whether the caller (Sender) or the service (Receiver) is at fault.</summary>
    public static string Error(string code, string message, string requestId, bool sender = true) =>
        Document(new XElement(s_ns + "ErrorResponse",
            new XElement(s_ns + "Error",
                new XElement(s_ns + "Type", sender ? "Sender" : "Receiver"),
                new XElement(s_ns + "Code", code),
                new XElement(s_ns + "Message", message)),
            new XElement(s_ns + "RequestId", requestId)));

    private static XElement Metadata(string requestId) =>
        new(s_ns + "ResponseMetadata", new XElement(s_ns + "RequestId", requestId));

    private static string Document(XElement root) => root.ToString(SaveOptions.DisableFormatting);
}
