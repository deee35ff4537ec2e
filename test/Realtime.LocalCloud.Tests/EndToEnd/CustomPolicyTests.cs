using System.Text.Json;
using Realtime.Aws;
using Realtime.LocalCloud.Hosting;
using Realtime.LocalCloud.Iam;
using MQTTnet;
using Realtime.LocalCloud.Tests.Support;

namespace Realtime.LocalCloud.Tests.EndToEnd;

/// <summary>
/// A stack from a small template of our own (a role the account may assume, no functions): the real AWS CLI assumes the
/// role with a session policy through the local STS, and the broker enforces the intersection, including iot:Receive on
/// delivery (a message the credentials may not receive is dropped even though the subscription was granted).
/// </summary>
public sealed class CustomPolicyTests : IAsyncLifetime
{
    private const string Template = """
        { "Resources": { "TesterRole": { "Type": "AWS::IAM::Role", "Properties": {
            "AssumeRolePolicyDocument": { "Statement": [{ "Effect": "Allow", "Action": "sts:AssumeRole",
              "Principal": { "AWS": { "Fn::Sub": "arn:${AWS::Partition}:iam::${AWS::AccountId}:root" } } }] },
            "Policies": [{ "PolicyName": "iot", "PolicyDocument": { "Statement": [
              { "Effect": "Allow", "Action": "iot:Connect", "Resource": { "Fn::Sub": "arn:aws:iot:${AWS::Region}:${AWS::AccountId}:client/tester-*" } },
              { "Effect": "Allow", "Action": "iot:Subscribe", "Resource": { "Fn::Sub": "arn:aws:iot:${AWS::Region}:${AWS::AccountId}:topicfilter/t/#" } },
              { "Effect": "Allow", "Action": "iot:Receive", "Resource": { "Fn::Sub": "arn:aws:iot:${AWS::Region}:${AWS::AccountId}:topic/t/*" } }
            ] } }] } } } }
        """;

    // The session policy narrows iot:Receive to one topic: the intersection is what the broker must enforce.
    private const string SessionPolicy = """
        {"Version":"2012-10-17","Statement":[
          {"Effect":"Allow","Action":["iot:Connect","iot:Subscribe"],"Resource":"*"},
          {"Effect":"Allow","Action":"iot:Receive","Resource":"arn:aws:iot:us-east-1:000000000000:topic/t/allowed"}]}
        """;

    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(20);
    private readonly string _templatePath = Path.Combine(Path.GetTempPath(), $"localcloud-policy-{Guid.NewGuid():N}.json");
    private LocalCloudHost _host = null!;

    public async Task InitializeAsync()
    {
        await File.WriteAllTextAsync(_templatePath, Template);
        _host = await LocalCloudHost.StartAsync(LocalCloudFixture.Options() with { TemplatePath = _templatePath, Parameters = new Dictionary<string, string>() }, new LocalLog(console: false));
    }

    [Fact]
    public async Task AssumedRoleWithSessionPolicy_ReceivesOnlyWhatBothPoliciesAllow()
    {
        AwsCredentials tester = await AssumeTesterRoleAsync();
        var inbox = new MessageInbox();
        Uri url = IotWebSocketPresigner.Presign(_host.MqttUrl, LocalCloudFixture.Region, tester, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5));
        await using TestMqttClient client = await TestMqttClient.ConnectAsync(url, "tester-1", inbox);
        Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, await client.SubscribeAsync("t/#"));
        Assert.Equal(MqttClientSubscribeResultCode.UnspecifiedError, await client.SubscribeAsync("other/#")); // the role does not allow it

        Uri adminUrl = IotWebSocketPresigner.Presign(_host.MqttUrl, LocalCloudFixture.Region, LocalCloudFixture.Admin, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5));
        await using TestMqttClient admin = await TestMqttClient.ConnectAsync(adminUrl, "admin-1");
        await admin.PublishAsync("t/denied", MessageInbox.Json("{}"));
        await admin.PublishAsync("t/allowed", MessageInbox.Json("{}"));

        // Same publisher, same subscriber: the broker keeps the order, so a delivered t/denied would have come first.
        InboxMessage first = await inbox.NextAsync(s_wait);
        Assert.Equal("t/allowed", first.Topic);
        Assert.True(client.IsConnected);
    }

    [Fact]
    public async Task AssumedRole_CannotConnectWithAClientIdItsRoleDoesNotAllow()
    {
        AwsCredentials tester = await AssumeTesterRoleAsync();
        Uri url = IotWebSocketPresigner.Presign(_host.MqttUrl, LocalCloudFixture.Region, tester, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5));
        var (client, result) = await TestMqttClient.TryConnectAsync(url, "someone-else");
        await using (client)
        {
            Assert.Equal(MqttClientConnectResultCode.NotAuthorized, result);
        }
    }

    private async Task<AwsCredentials> AssumeTesterRoleAsync()
    {
        AwsCli.Result result = await AwsCli.RunAsync(CredentialStore.AdminAccessKeyId, CredentialStore.AdminSecretAccessKey,
            "sts", "assume-role", "--endpoint-url", _host.StsUrl.ToString().TrimEnd('/'), "--output", "json",
            "--role-arn", "arn:aws:iam::000000000000:role/TesterRole", "--role-session-name", "tester", "--policy", SessionPolicy);
        Assert.True(result.ExitCode == 0, result.Error);
        using JsonDocument document = JsonDocument.Parse(result.Output);
        JsonElement credentials = document.RootElement.GetProperty("Credentials");
        Assert.Equal("arn:aws:sts::000000000000:assumed-role/TesterRole/tester", document.RootElement.GetProperty("AssumedRoleUser").GetProperty("Arn").GetString());
        return new AwsCredentials(credentials.GetProperty("AccessKeyId").GetString()!, credentials.GetProperty("SecretAccessKey").GetString()!, credentials.GetProperty("SessionToken").GetString());
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        File.Delete(_templatePath);
    }
}
