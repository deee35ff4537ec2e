using System.Xml.Linq;
using Realtime.LocalCloud.Iam;
using Realtime.LocalCloud.Sam;
using Realtime.LocalCloud.Sts;
using Realtime.TestSupport;

namespace Realtime.LocalCloud.Tests.Unit;

public sealed class StsTests
{
    private static readonly XNamespace s_ns = "https://sts.amazonaws.com/doc/2011-06-15/";

    private static RoleDefinition ClientRole(string trustPrincipal) => new("ClientRole", [],
        PolicyDocument.Parse($"{{\"Statement\":[{{\"Effect\":\"Allow\",\"Principal\":{{\"AWS\":\"{trustPrincipal}\"}},\"Action\":\"sts:AssumeRole\"}}]}}"));

    [Fact]
    public void AssumeRoleResponse_HasTheShapeAwsSdksParse()
    {
        var store = new CredentialStore(TimeProvider.System);
        IssuedCredentials issued = store.IssueRoleSession(ClientRole("x"), "session-1", null, TimeSpan.FromHours(1));
        XElement root = XElement.Parse(StsXml.AssumeRoleResponse(issued, "ClientRole", "session-1", 12, "req-1"));

        Assert.Equal(s_ns + "AssumeRoleResponse", root.Name);
        XElement credentials = root.Element(s_ns + "AssumeRoleResult")!.Element(s_ns + "Credentials")!;
        Assert.Equal(issued.AccessKeyId, credentials.Element(s_ns + "AccessKeyId")!.Value);
        Assert.Equal(issued.SecretAccessKey, credentials.Element(s_ns + "SecretAccessKey")!.Value);
        Assert.Equal(issued.SessionToken, credentials.Element(s_ns + "SessionToken")!.Value);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", credentials.Element(s_ns + "Expiration")!.Value);
        XElement user = root.Element(s_ns + "AssumeRoleResult")!.Element(s_ns + "AssumedRoleUser")!;
        Assert.Equal("arn:aws:sts::000000000000:assumed-role/ClientRole/session-1", user.Element(s_ns + "Arn")!.Value);
        Assert.EndsWith(":session-1", user.Element(s_ns + "AssumedRoleId")!.Value, StringComparison.Ordinal);
        Assert.Equal("req-1", root.Element(s_ns + "ResponseMetadata")!.Element(s_ns + "RequestId")!.Value);
        Assert.DoesNotContain("AKIA", issued.AccessKeyId, StringComparison.Ordinal);
        Assert.DoesNotContain("ASIA", issued.AccessKeyId, StringComparison.Ordinal);
    }

    [Fact]
    public void ErrorResponse_HasTypeCodeMessageAndRequestId()
    {
        XElement root = XElement.Parse(StsXml.Error("AccessDenied", "no", "req-2"));
        Assert.Equal(s_ns + "ErrorResponse", root.Name);
        XElement error = root.Element(s_ns + "Error")!;
        Assert.Equal(("Sender", "AccessDenied", "no"), (error.Element(s_ns + "Type")!.Value, error.Element(s_ns + "Code")!.Value, error.Element(s_ns + "Message")!.Value));
        Assert.Equal("req-2", root.Element(s_ns + "RequestId")!.Value);
    }

    [Fact]
    public void TrustPolicyNamingTheCallersRole_AllowsItsSessions()
    {
        var caller = new IssuedCredentials("K", "S", "T", LocalAccount.AssumedRoleArn("SessionFunctionRole", "SessionFunction"), "SessionFunctionRole", new Rights([]), null);
        Assert.True(AssumeRoleAuthorizer.IsAllowed(caller, ClientRole("arn:aws:iam::000000000000:role/SessionFunctionRole"), out _));
        Assert.False(AssumeRoleAuthorizer.IsAllowed(caller, ClientRole("arn:aws:iam::000000000000:role/OtherRole"), out string reason));
        Assert.Contains("trust policy", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void CallersExplicitDeny_WinsEvenWhenTheTrustPolicyNamesTheCaller()
    {
        PolicyDocument deny = PolicyDocument.Parse(
            "{\"Statement\":[{\"Effect\":\"Deny\",\"Action\":\"sts:AssumeRole\",\"Resource\":\"arn:aws:iam::000000000000:role/ClientRole\"}]}");
        var caller = new IssuedCredentials("K", "S", "T", LocalAccount.AssumedRoleArn("SessionFunctionRole", "SessionFunction"), "SessionFunctionRole", new Rights([deny]), null);
        Assert.False(AssumeRoleAuthorizer.IsAllowed(caller, ClientRole("arn:aws:iam::000000000000:role/SessionFunctionRole"), out string reason));
        Assert.Contains("explicitly denies", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void TrustPolicyNamingTheAccount_AlsoNeedsAnIdentityPolicy()
    {
        RoleDefinition role = ClientRole("arn:aws:iam::000000000000:root");
        var admin = new IssuedCredentials("A", "S", null, CredentialStore.AdminArn, null, Rights.Administrator, null);
        var weak = new IssuedCredentials("W", "S", null, "arn:aws:iam::000000000000:user/weak", null, new Rights([]), null);
        Assert.True(AssumeRoleAuthorizer.IsAllowed(admin, role, out _));
        Assert.False(AssumeRoleAuthorizer.IsAllowed(weak, role, out _));
    }

    [Fact]
    public void ParseForm_DecodesQueryProtocolBodies()
    {
        var form = StsEndpoint.ParseForm("Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A0%3Arole%2FR&Policy=%7B%22a%22%3A+1%7D", null);
        Assert.Equal("AssumeRole", form["Action"]);
        Assert.Equal("arn:aws:iam::0:role/R", form["RoleArn"]);
        Assert.Equal("{\"a\": 1}", form["Policy"]);
    }

    [Fact]
    public void CredentialStore_RefusesExpiredAndWrongTokens()
    {
        var time = new ManualTimeProvider(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var store = new CredentialStore(time);
        IssuedCredentials issued = store.IssueRoleSession(ClientRole("x"), "s", null, TimeSpan.FromMinutes(15));
        Assert.True(store.TryAuthenticate(issued.AccessKeyId, issued.SessionToken, out _, out _));
        Assert.False(store.TryAuthenticate(issued.AccessKeyId, "wrong", out _, out string wrong));
        Assert.Contains("invalid", wrong, StringComparison.Ordinal);
        time.Advance(TimeSpan.FromMinutes(16));
        Assert.False(store.TryAuthenticate(issued.AccessKeyId, issued.SessionToken, out _, out string expired));
        Assert.Contains("expired", expired, StringComparison.Ordinal);
        Assert.False(store.TryAuthenticate("NOPE", null, out _, out _));
    }
}
