using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Realtime.Aws;
using Realtime.LocalCloud.Api;
using Realtime.LocalCloud.Auth;
using Realtime.LocalCloud.Iam;
using Realtime.LocalCloud.Sam;
using Realtime.TestSupport;

namespace Realtime.LocalCloud.Tests.Unit;

/// <summary>The local HTTP API's IAM authorization for AWS_IAM routes, and the authorizer block it puts into the event.</summary>
public sealed class ExecuteApiAuthorizerTests
{
    private static readonly HttpRoute Renew = new("POST", "/renew", "SessionFunction", HttpRoute.IamAuthorizer, "SessionApi");
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly CredentialStore _store;
    private readonly IssuedCredentials _session;

    public ExecuteApiAuthorizerTests()
    {
        _store = new CredentialStore(_time);
        PolicyDocument rolePolicy = PolicyDocument.Parse(
            """{"Statement":[{"Effect":"Allow","Action":"execute-api:Invoke","Resource":"arn:aws:execute-api:us-east-1:000000000000:SessionApi/*/POST/renew"}]}""");
        _session = _store.IssueRoleSession(new RoleDefinition("ClientRole", [rolePolicy], null), "client-3f9c0a6d1e2b4c5a7788", null, TimeSpan.FromSeconds(20));
    }

    [Fact]
    public void ValidSignature_WithInvokeRight_IsAllowed_AndNamesTheRoleSession()
    {
        HttpContext context = Signed(_session, "/renew");

        Assert.True(ExecuteApiAuthorizer.TryAuthorize(context, [], Renew, _store, _time.GetUtcNow(), out IamCaller? caller, out string reason), reason);
        Assert.Equal("arn:aws:sts::000000000000:assumed-role/ClientRole/client-3f9c0a6d1e2b4c5a7788", caller!.UserArn);
        Assert.Equal(_session.AccessKeyId, caller.AccessKey);
        Assert.Equal("000000000000", caller.AccountId);
        Assert.EndsWith(":client-3f9c0a6d1e2b4c5a7788", caller.UserId, StringComparison.Ordinal);
    }

    [Fact]
    public void ExpiredCredentials_AreRefused()
    {
        HttpContext context = Signed(_session, "/renew");
        _time.Advance(TimeSpan.FromSeconds(21));

        Assert.False(ExecuteApiAuthorizer.TryAuthorize(context, [], Renew, _store, _time.GetUtcNow(), out IamCaller? caller, out string reason));
        Assert.Null(caller);
        Assert.Contains("expired", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ARouteThePoliciesDoNotAllow_IsRefused()
    {
        var other = Renew with { Path = "/other" };
        HttpContext context = Signed(_session, "/other");

        Assert.False(ExecuteApiAuthorizer.TryAuthorize(context, [], other, _store, _time.GetUtcNow(), out _, out string reason));
        Assert.Contains("not allowed execute-api:Invoke on arn:aws:execute-api:us-east-1:000000000000:SessionApi/$default/POST/other", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ASessionPolicyNarrowerThanTheRole_Wins()
    {
        PolicyDocument rolePolicy = PolicyDocument.Parse("""{"Statement":[{"Effect":"Allow","Action":"execute-api:Invoke","Resource":"*"}]}""");
        PolicyDocument sessionPolicy = PolicyDocument.Parse("""{"Statement":[{"Effect":"Allow","Action":"iot:Connect","Resource":"*"}]}""");
        IssuedCredentials narrowed = _store.IssueRoleSession(new RoleDefinition("ClientRole", [rolePolicy], null), "client-x1", sessionPolicy, TimeSpan.FromMinutes(15));

        Assert.False(ExecuteApiAuthorizer.TryAuthorize(Signed(narrowed, "/renew"), [], Renew, _store, _time.GetUtcNow(), out _, out _));
    }

    [Fact]
    public void ABodyOtherThanTheSignedOne_IsRefused()
    {
        HttpContext context = Signed(_session, "/renew");

        Assert.False(ExecuteApiAuthorizer.TryAuthorize(context, "{\"channelId\":\"x\"}"u8.ToArray(), Renew, _store, _time.GetUtcNow(), out _, out string reason));
        Assert.Contains("SignatureMismatch", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Event_CarriesTheIamAuthorizerBlock_ShapedLikeApiGateways()
    {
        HttpContext context = Signed(_session, "/renew");
        Assert.True(ExecuteApiAuthorizer.TryAuthorize(context, [], Renew, _store, _time.GetUtcNow(), out IamCaller? caller, out _));

        byte[] json = HttpApiEventWriter.Write(context, Renew, new Dictionary<string, string>(), [], "req-1", _time.GetUtcNow(), caller);

        using JsonDocument document = JsonDocument.Parse(json);
        JsonElement requestContext = document.RootElement.GetProperty("requestContext");
        Assert.Equal("SessionApi", requestContext.GetProperty("apiId").GetString());
        JsonElement iam = requestContext.GetProperty("authorizer").GetProperty("iam");
        Assert.Equal(["accessKey", "accountId", "callerId", "cognitoIdentity", "principalOrgId", "userArn", "userId"], iam.EnumerateObject().Select(p => p.Name));
        Assert.Equal(JsonValueKind.Null, iam.GetProperty("cognitoIdentity").ValueKind);
        Assert.Equal(JsonValueKind.Null, iam.GetProperty("principalOrgId").ValueKind);
        Assert.Equal(caller!.UserArn, iam.GetProperty("userArn").GetString());
        Assert.Equal(iam.GetProperty("userId").GetString(), iam.GetProperty("callerId").GetString());
    }

    [Fact]
    public void Event_WithoutACaller_HasNoAuthorizerBlock()
    {
        var open = new HttpRoute("GET", "/", "SessionFunction");
        byte[] json = HttpApiEventWriter.Write(Signed(_session, "/"), open, new Dictionary<string, string>(), [], "req-2", _time.GetUtcNow());

        using JsonDocument document = JsonDocument.Parse(json);
        Assert.False(document.RootElement.GetProperty("requestContext").TryGetProperty("authorizer", out _));
        Assert.Equal(HttpRoute.ImplicitApiId, document.RootElement.GetProperty("requestContext").GetProperty("apiId").GetString());
    }

    private HttpContext Signed(IssuedCredentials credentials, string path)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.Path = path;
        context.Features.Get<IHttpRequestFeature>()!.RawTarget = path; // what Kestrel sets: the verifier reads the raw target
        context.Request.Host = new HostString("127.0.0.1", 3000);
        var request = new SigV4Request("POST", path, [], [new("host", "127.0.0.1:3000")], SigV4Signer.EmptyPayloadHash);
        var parameters = new SigV4SigningParameters(
            new AwsCredentials(credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken), LocalAccount.Region, "execute-api", _time.GetUtcNow());
        context.Request.Headers.Host = "127.0.0.1:3000";
        foreach (KeyValuePair<string, string> header in SigV4Signer.SignHeaders(request, parameters).Headers)
        {
            context.Request.Headers[header.Key] = header.Value;
        }

        return context;
    }
}
