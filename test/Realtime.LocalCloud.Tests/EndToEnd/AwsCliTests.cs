using System.Security.Cryptography;
using Realtime.LocalCloud.Iam;
using Realtime.LocalCloud.Tests.Support;
using Realtime.Mqtt;

namespace Realtime.LocalCloud.Tests.EndToEnd;

/// <summary>The real AWS CLI publishes the trigger on the IoT data plane; an MQTT client sees the responder start and answer.</summary>
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
        await using MqttClient client = await MqttClient.ConnectAsync(new MqttClientOptions
        {
            Endpoint = cloud.AdminMqttUrl(),
            ClientId = "cli-test-" + channel,
            MessageHandler = inbox.HandleAsync,
        });
        Assert.Equal(MqttQos.AtLeastOnce, await client.SubscribeAsync(response, MqttQos.AtLeastOnce));

        AwsCli.Result published = await AwsCli.RunAsync(CredentialStore.AdminAccessKeyId, CredentialStore.AdminSecretAccessKey,
            "iot-data", "publish", "--endpoint-url", cloud.Host.IotUrl.ToString().TrimEnd('/'), "--topic", "foobar/session",
            "--cli-binary-format", "raw-in-base64-out", "--payload", $"{{\"channelId\":\"{channel}\"}}");
        Assert.True(published.ExitCode == 0, $"aws iot-data publish failed ({published.ExitCode}): {published.Error}");

        var ready = await inbox.NextAsync(response, "ready", s_wait);
        Assert.Equal(channel, ready.GetProperty("channelId").GetString());

        await client.PublishAsync(new MqttMessage(request, MessageInbox.Json("{\"requestId\":\"r1\"}"), MqttQos.AtLeastOnce));
        var pong = await inbox.NextAsync(response, "pong", s_wait);
        Assert.Equal("PONG", pong.GetProperty("message").GetString());
        Assert.Equal("r1", pong.GetProperty("requestId").GetString());

        await client.PublishAsync(new MqttMessage(request, MessageInbox.Json("{\"type\":\"bye\"}"), MqttQos.AtLeastOnce));
        var bye = await inbox.NextAsync(response, "bye", s_wait);
        Assert.Equal("client-left", bye.GetProperty("reason").GetString());
        Assert.Empty(cloud.ErrorLines());
    }

    [Fact]
    public async Task IotDataPublish_WithAWrongSecret_IsRefused()
    {
        AwsCli.Result result = await AwsCli.RunAsync(CredentialStore.AdminAccessKeyId, "not-the-secret",
            "iot-data", "publish", "--endpoint-url", cloud.Host.IotUrl.ToString().TrimEnd('/'), "--topic", "foobar/session",
            "--cli-binary-format", "raw-in-base64-out", "--payload", "{\"channelId\":\"nope\"}");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("Forbidden", result.Error, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task IotDataPublish_WithAnUnknownKey_IsRefused()
    {
        AwsCli.Result result = await AwsCli.RunAsync("AKIDUNKNOWNLOCALKEY", "whatever",
            "iot-data", "publish", "--endpoint-url", cloud.Host.IotUrl.ToString().TrimEnd('/'), "--topic", "foobar/x",
            "--cli-binary-format", "raw-in-base64-out", "--payload", "{}");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("Forbidden", result.Error, StringComparison.OrdinalIgnoreCase);
    }
}
