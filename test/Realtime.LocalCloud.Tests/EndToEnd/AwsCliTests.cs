using System.Security.Cryptography;
using Realtime.LocalCloud.Iam;
using MQTTnet;
using Realtime.LocalCloud.Tests.Support;

namespace Realtime.LocalCloud.Tests.EndToEnd;

/// <summary>
/// The real AWS CLI on the IoT data plane. Over HTTPS the rule's clientid() is "n/a" (as on AWS); the responder accepts
/// that for hand-made channel ids (so the classic `--payload '{"channelId":"1"}'` works) and refuses it for issued ones.
/// </summary>
[Collection(LocalCloudCollection.Name)]
public sealed class AwsCliTests(LocalCloudFixture cloud)
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task IotDataPublish_TriggersTheResponder_WhichAnswersAnMqttClient()
    {
        string channel = "cli" + RandomNumberGenerator.GetHexString(8, lowercase: true);
        string response = $"foobar/{channel}/response";
        string request = $"foobar/{channel}/request";
        var inbox = new MessageInbox();
        await using TestMqttClient client = await TestMqttClient.ConnectAsync(cloud.AdminMqttUrl(), "cli-test-" + channel, inbox);
        Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, await client.SubscribeAsync(response));

        AwsCli.Result published = await PublishAsync(CredentialStore.AdminAccessKeyId, CredentialStore.AdminSecretAccessKey, "foobar/session", $"{{\"channelId\":\"{channel}\"}}");
        Assert.True(published.ExitCode == 0, $"aws iot-data publish failed ({published.ExitCode}): {published.Error}");

        var ready = await inbox.NextAsync(response, "ready", s_wait);
        Assert.Equal(channel, ready.GetProperty("channelId").GetString());
        await client.PublishAsync(request, MessageInbox.Json("{\"requestId\":\"r1\"}"));
        var pong = await inbox.NextAsync(response, "pong", s_wait);
        Assert.Equal(("PONG", "r1"), (pong.GetProperty("message").GetString(), pong.GetProperty("requestId").GetString()));
        await client.PublishAsync(request, MessageInbox.Json("{\"type\":\"bye\"}"));
        var bye = await inbox.NextAsync(response, "bye", s_wait);
        Assert.Equal("client-left", bye.GetProperty("reason").GetString());
        Assert.Empty(cloud.ErrorLines());
    }

    [Fact]
    public async Task IotDataPublish_ForAnIssuedChannel_IsRefusedByTheResponder_BecauseClientIdIsNA()
    {
        SessionInfo session = await cloud.NewSessionAsync();
        AwsCli.Result published = await PublishAsync(CredentialStore.AdminAccessKeyId, CredentialStore.AdminSecretAccessKey, "foobar/session", $"{{\"channelId\":\"{session.ChannelId}\"}}");
        Assert.True(published.ExitCode == 0, published.Error);
        string refusal = await cloud.WaitForLogAsync(
            l => l.StartsWith("[ResponderFunction]", StringComparison.Ordinal) && l.Contains(session.ChannelId, StringComparison.Ordinal) && l.Contains("n/a", StringComparison.Ordinal),
            s_wait);
        Assert.Contains("refused", refusal, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task IotDataPublish_WithAnUnpairedSurrogateEscape_IsPublished_AndTheRuleSkipsIt()
    {
        // Valid JSON syntax, but "\ud800" is not Unicode text: published as is, not selected by the rule (no 500).
        string channel = "surrogate" + RandomNumberGenerator.GetHexString(8, lowercase: true);
        static bool Skipped(string l) => l.Contains("from the data plane was not selected", StringComparison.Ordinal) && l.Contains("not valid Unicode", StringComparison.Ordinal);
        int before = cloud.LogLines.Count(Skipped);
        AwsCli.Result published = await PublishAsync(CredentialStore.AdminAccessKeyId, CredentialStore.AdminSecretAccessKey, "foobar/session", $"{{\"channelId\":\"{channel}\\ud800\"}}");
        Assert.True(published.ExitCode == 0, $"aws iot-data publish failed ({published.ExitCode}): {published.Error}");
        // The rules engine runs before the data plane answers, and this collection's tests run one at a time.
        Assert.Equal(before + 1, cloud.LogLines.Count(Skipped));
        Assert.DoesNotContain(cloud.LogLines, l => l.Contains(channel, StringComparison.Ordinal));
    }

    [Fact]
    public async Task IotDataPublish_WithAWrongSecret_IsRefused()
    {
        AwsCli.Result result = await PublishAsync(CredentialStore.AdminAccessKeyId, "not-the-secret", "foobar/session", "{\"channelId\":\"nope\"}");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("Forbidden", result.Error, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task IotDataPublish_WithAnUnknownKey_IsRefused()
    {
        AwsCli.Result result = await PublishAsync("AKIDUNKNOWNLOCALKEY", "whatever", "foobar/x", "{}");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("Forbidden", result.Error, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task StsGetCallerIdentity_NamesTheLocalAdministrator()
    {
        AwsCli.Result result = await AwsCli.RunAsync(CredentialStore.AdminAccessKeyId, CredentialStore.AdminSecretAccessKey,
            "sts", "get-caller-identity", "--endpoint-url", cloud.Host.StsUrl.ToString().TrimEnd('/'), "--output", "text", "--query", "Arn");
        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Equal(CredentialStore.AdminArn, result.Output.Trim());
    }

    [Fact]
    public async Task StsAssumeRole_OfTheClientRole_IsOnlyForTheSessionFunction()
    {
        // The template's trust policy names the session function's role only: the administrator is refused, as on AWS.
        AwsCli.Result result = await AwsCli.RunAsync(CredentialStore.AdminAccessKeyId, CredentialStore.AdminSecretAccessKey,
            "sts", "assume-role", "--endpoint-url", cloud.Host.StsUrl.ToString().TrimEnd('/'),
            "--role-arn", "arn:aws:iam::000000000000:role/ClientRole", "--role-session-name", "cli-test");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("AccessDenied", result.Error, StringComparison.Ordinal);
    }

    private Task<AwsCli.Result> PublishAsync(string keyId, string secret, string topic, string payload) =>
        AwsCli.RunAsync(keyId, secret, "iot-data", "publish", "--endpoint-url", cloud.Host.IotUrl.ToString().TrimEnd('/'),
            "--topic", topic, "--cli-binary-format", "raw-in-base64-out", "--payload", payload);
}
