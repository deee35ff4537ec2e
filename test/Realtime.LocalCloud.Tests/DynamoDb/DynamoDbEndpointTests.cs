using System.Net;
using System.Text.Json;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Realtime.Aws;
using Realtime.LocalCloud.DynamoDb;
using Realtime.LocalCloud.Hosting;
using Realtime.LocalCloud.Iam;
using Realtime.LocalCloud.Sam;
using Realtime.LocalCloud.Tests.Support;
using Realtime.TestSupport;

namespace Realtime.LocalCloud.Tests.DynamoDb;

/// <summary>
/// The local DynamoDB endpoint over real HTTP, with the repository's template: SigV4 checked (our signer and the real AWS
/// CLI), IAM evaluated with the responder role's policy (the lease writes only, on the lease table only).
/// </summary>
public sealed class DynamoDbEndpointTests : IAsyncLifetime
{
    private readonly CredentialStore _store = new(TimeProvider.System);
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(20) };
    private LocalTemplate _template = null!;
    private LoopbackServer _server = null!;
    private Uri _url = null!;

    public async Task InitializeAsync()
    {
        _template = TemplateLoader.Load(Path.Combine(RepositoryRoot.Path, "serverless.template"), new Dictionary<string, string>());
        var endpoint = new DynamoDbEndpoint(new DynamoDbService(_template.Tables.Select(t => new LocalTable(t, TimeProvider.System))), _store, new LocalLog(console: false), TimeProvider.System);
        _server = await LoopbackServer.StartAsync(0, app => app.Run(endpoint.HandleAsync), CancellationToken.None);
        _url = new Uri($"http://127.0.0.1:{_server.Port}/");
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    private TableDefinition LeaseTable => Assert.Single(_template.Tables);

    private AwsCredentials RoleSession(string role)
    {
        IssuedCredentials issued = _store.IssueRoleSession(_template.Roles[role], "test", null, TimeSpan.FromHours(1));
        return new AwsCredentials(issued.AccessKeyId, issued.SecretAccessKey, issued.SessionToken);
    }

    private async Task<(HttpStatusCode Status, string Type, string Body)> SendAsync(AwsCredentials credentials, string operation, string body, Action<HttpRequestMessage>? tamper = null)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(body);
        using var request = new HttpRequestMessage(HttpMethod.Post, _url) { Content = new ByteArrayContent(bytes) };
        request.Headers.TryAddWithoutValidation("X-Amz-Target", "DynamoDB_20120810." + operation);
        request.Content.Headers.ContentType = new("application/x-amz-json-1.0");
        SigV4Signer.SignRequest(request, new SigV4SigningParameters(credentials, LocalAccount.Region, "dynamodb", DateTimeOffset.UtcNow), SigV4Signer.HashPayload(bytes));
        tamper?.Invoke(request);
        using HttpResponseMessage response = await _http.SendAsync(request);
        string text = await response.Content.ReadAsStringAsync();
        using JsonDocument json = JsonDocument.Parse(text);
        string type = json.RootElement.TryGetProperty("__type", out JsonElement t) ? t.GetString()! : "";
        return (response.StatusCode, type[(type.LastIndexOf('#') + 1)..], text);
    }

    private string Put(string owner, string table = "") => """
        {"TableName":"TABLE","Item":{"channelId":{"S":"abc"},"ownerId":{"S":"OWNER"},"expiresAt":{"N":"EXPIRES"}},
         "ConditionExpression":"attribute_not_exists(channelId) OR expiresAt < :now","ExpressionAttributeValues":{":now":{"N":"NOW"}}}
        """.Replace("TABLE", table.Length > 0 ? table : LeaseTable.Name, StringComparison.Ordinal).Replace("OWNER", owner, StringComparison.Ordinal)
        .Replace("EXPIRES", Millis(DateTimeOffset.UtcNow.AddSeconds(30)), StringComparison.Ordinal).Replace("NOW", Millis(DateTimeOffset.UtcNow), StringComparison.Ordinal);

    private static string Millis(DateTimeOffset time) => time.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);

    private string Release(string owner) => """
        {"TableName":"TABLE","Key":{"channelId":{"S":"abc"}},"ConditionExpression":"ownerId = :owner","ExpressionAttributeValues":{":owner":{"S":"OWNER"}}}
        """.Replace("TABLE", LeaseTable.Name, StringComparison.Ordinal).Replace("OWNER", owner, StringComparison.Ordinal);

    [Fact]
    public void TheTemplatesLeaseTable_IsCreatedWithItsKeyAndTtl()
    {
        Assert.Equal(("channelId", "S", "ttl"), (LeaseTable.KeyAttribute, LeaseTable.KeyType, LeaseTable.TtlAttribute));
        Assert.Equal("LeaseTable", _template.Function("ResponderFunction").Environment["LEASE_TABLE_NAME"]);
    }

    [Fact]
    public async Task TheResponderRole_TakesAndReleasesALease_AndASecondTakeIsAConditionFailure()
    {
        AwsCredentials responder = RoleSession("ResponderFunctionRole");

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(responder, "PutItem", Put("one"))).Status);
        var second = await SendAsync(responder, "PutItem", Put("two"));
        Assert.Equal((HttpStatusCode.BadRequest, "ConditionalCheckFailedException"), (second.Status, second.Type));
        Assert.Equal("ConditionalCheckFailedException", (await SendAsync(responder, "DeleteItem", Release("two"))).Type);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(responder, "DeleteItem", Release("one"))).Status);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(responder, "PutItem", Put("two"))).Status);
    }

    [Fact]
    public async Task TheResponderRole_MayNotReadTheTable_NorWriteAnotherOne()
    {
        AwsCredentials responder = RoleSession("ResponderFunctionRole");

        var read = await SendAsync(responder, "GetItem", """{"TableName":"TABLE","Key":{"channelId":{"S":"abc"}}}""".Replace("TABLE", LeaseTable.Name, StringComparison.Ordinal));
        Assert.Equal((HttpStatusCode.BadRequest, "AccessDeniedException"), (read.Status, read.Type));
        Assert.Contains("dynamodb:GetItem", read.Body, StringComparison.Ordinal);
        Assert.Equal("AccessDeniedException", (await SendAsync(responder, "PutItem", Put("x", table: "OtherTable"))).Type);
    }

    [Theory]
    [InlineData("SessionFunctionRole")]
    [InlineData("ClientRole")]
    public async Task OtherRoles_HaveNoRightsOnTheLeaseTable(string role)
        => Assert.Equal("AccessDeniedException", (await SendAsync(RoleSession(role), "PutItem", Put("x"))).Type);

    [Fact]
    public async Task AWrongSecret_IsASignatureError_AndWritesNothing()
    {
        AwsCredentials responder = RoleSession("ResponderFunctionRole");

        var forged = await SendAsync(responder with { SecretAccessKey = "not-the-secret" }, "PutItem", Put("forged"));
        Assert.Equal((HttpStatusCode.BadRequest, "InvalidSignatureException"), (forged.Status, forged.Type));
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(responder, "PutItem", Put("real"))).Status); // the forged write did not happen
    }

    [Fact]
    public async Task ABodyChangedAfterSigning_IsRefused()
    {
        AwsCredentials responder = RoleSession("ResponderFunctionRole");

        var tampered = await SendAsync(responder, "PutItem", Put("one"), r => r.Content = new StringContent(Put("evil"), Encoding.UTF8, "application/x-amz-json-1.0"));
        Assert.Equal("InvalidSignatureException", tampered.Type);
    }

    [Fact]
    public async Task UnknownKeysAndMissingTokens_AreRefused()
    {
        Assert.Equal("UnrecognizedClientException", (await SendAsync(new AwsCredentials("LSIAUNKNOWN", "secret"), "PutItem", Put("x"))).Type);
        AwsCredentials responder = RoleSession("ResponderFunctionRole");
        Assert.Equal("UnrecognizedClientException", (await SendAsync(responder with { SessionToken = null }, "PutItem", Put("x"))).Type);
    }

    [Theory]
    [InlineData("Scan", "{}", "UnknownOperationException")]
    [InlineData("PutItem", "not json", "SerializationException")]
    [InlineData("PutItem", "[]", "SerializationException")]
    [InlineData("PutItem", """{"TableName":"LeaseTable","Item":{"channelId":{"S":"a"}},"ConditionExpression":"x = :unset"}""", "ValidationException")]
    public async Task BadRequests_GetDynamoDbErrors(string operation, string body, string type)
        => Assert.Equal(type, (await SendAsync(new AwsCredentials(CredentialStore.AdminAccessKeyId, CredentialStore.AdminSecretAccessKey), operation, body)).Type);

    [Fact]
    public async Task TheRealAwsCli_SignsRequestsTheEndpointAccepts_AndSeesConditionFailures()
    {
        string[] put =
        [
            "dynamodb", "put-item", "--endpoint-url", _url.ToString(), "--table-name", LeaseTable.Name,
            "--item", """{"channelId":{"S":"cli"},"ownerId":{"S":"aws-cli"}}""",
            "--condition-expression", "attribute_not_exists(channelId)",
        ];

        AwsCli.Result first = await AwsCli.RunAsync(CredentialStore.AdminAccessKeyId, CredentialStore.AdminSecretAccessKey, put);
        AwsCli.Result second = await AwsCli.RunAsync(CredentialStore.AdminAccessKeyId, CredentialStore.AdminSecretAccessKey, put);
        AwsCli.Result forged = await AwsCli.RunAsync(CredentialStore.AdminAccessKeyId, "wrong-secret", put);

        Assert.True(first.ExitCode == 0, $"aws dynamodb put-item failed: {first.Error}");
        Assert.NotEqual(0, second.ExitCode);
        Assert.Contains("ConditionalCheckFailedException", second.Error, StringComparison.Ordinal);
        Assert.Contains("InvalidSignatureException", forged.Error, StringComparison.Ordinal);
    }
}
