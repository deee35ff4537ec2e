using System.Security.Cryptography;
using Realtime.LocalCloud.Iam;
using Realtime.LocalCloud.Tests.Support;

namespace Realtime.LocalCloud.Tests.EndToEnd;

/// <summary>
/// The real AWS CLI on the IoT data plane. Its trigger reaches the rule and the responder, with clientid() = "n/a" as on AWS
/// (HTTPS is not MQTT), so the responder refuses to serve the channel: nobody can start responders for other clients'
/// channels over HTTPS either.
/// </summary>
[Collection(LocalCloudCollection.Name)]
public sealed class AwsCliTests(LocalCloudFixture cloud)
{
    [Fact]
    public async Task IotDataPublish_ReachesTheRuleAndTheResponder_WithClientIdNotAvailable()
    {
        string channel = "cli" + RandomNumberGenerator.GetHexString(8, lowercase: true);
        AwsCli.Result published = await PublishAsync(CredentialStore.AdminAccessKeyId, CredentialStore.AdminSecretAccessKey, "foobar/session", $"{{\"channelId\":\"{channel}\"}}");
        Assert.True(published.ExitCode == 0, $"aws iot-data publish failed ({published.ExitCode}): {published.Error}");

        await cloud.WaitForLogAsync(l => l.StartsWith("[rules]", StringComparison.Ordinal) && l.Contains("foobar/session -> ResponderFunction", StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        string refusal = await cloud.WaitForLogAsync(
            l => l.StartsWith("[ResponderFunction]", StringComparison.Ordinal) && l.Contains(channel, StringComparison.Ordinal) && l.Contains("n/a", StringComparison.Ordinal),
            TimeSpan.FromSeconds(30));
        Assert.Contains("refused", refusal, StringComparison.OrdinalIgnoreCase);
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
