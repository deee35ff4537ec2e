using System.Diagnostics;
using System.Security.Cryptography;
using Realtime.LocalCloud.Tests.Support;
using MQTTnet;

namespace Realtime.LocalCloud.Tests.EndToEnd;

/// <summary>
/// Issue 12, "at most one responder serves a channel": the real responder processes, the local Lambda, rules engine and
/// DynamoDB emulation. Concurrent triggers start one session; a SIGKILLed holder blocks its channel until its lease expires.
/// </summary>
[Collection(LocalCloudCollection.Name)] // one local cloud at a time on a 2-core machine
public sealed class OneResponderPerChannelTests(LeaseCloudFixture cloud) : IClassFixture<LeaseCloudFixture>
{
    private const string Busy = "another invocation serves it";
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(90);

    private async Task<(TestMqttClient Client, MessageInbox Inbox)> WatchAsync(string channel)
    {
        var inbox = new MessageInbox();
        TestMqttClient client = await TestMqttClient.ConnectAsync(
            Realtime.Aws.IotWebSocketPresigner.Presign(cloud.Host.MqttUrl, LocalCloudFixture.Region, LocalCloudFixture.Admin, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)),
            "lease-test-" + channel,
            inbox);
        Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, await client.SubscribeAsync($"foobar/{channel}/response"));
        return (client, inbox);
    }

    [Fact]
    public async Task ManyTriggersAtOnce_StartExactlyOneSession()
    {
        const int Triggers = 5;
        string channel = "lease" + RandomNumberGenerator.GetHexString(8, lowercase: true);
        var (client, inbox) = await WatchAsync(channel);
        await using TestMqttClient _ = client;
        string response = $"foobar/{channel}/response";

        await Task.WhenAll(Enumerable.Range(0, Triggers).Select(_ => cloud.PublishTriggerAsync(channel)));

        await inbox.NextAsync(response, "ready", s_wait);
        await cloud.WaitUntilAsync(() => cloud.CountResponderLines(channel, Busy) == Triggers - 1, s_wait, $"{Triggers - 1} busy refusals");
        // Every invocation has finished deciding: one session is live, so one pong per request and no second ready.
        await client.PublishAsync($"foobar/{channel}/request", MessageInbox.Json("{\"requestId\":\"r1\"}"));
        var pong = await inbox.NextAsync(response, "pong", s_wait);
        Assert.Equal("r1", pong.GetProperty("requestId").GetString());
        await client.PublishAsync($"foobar/{channel}/request", MessageInbox.Json("{\"type\":\"bye\"}"));
        Assert.Equal("client-left", (await inbox.NextAsync(response, "bye", s_wait)).GetProperty("reason").GetString());
        await Assert.ThrowsAsync<TimeoutException>(() => inbox.NextAsync(TimeSpan.FromSeconds(1))); // nothing else: no second ready, pong or bye

        Assert.Equal(1, cloud.CountResponderLines(channel, "Serving channel"));
        Assert.Equal(Triggers - 1, cloud.CountResponderLines(channel, Busy));
    }

    [Fact]
    public async Task ACrashedHolder_BlocksItsChannelUntilTheLeaseExpires_ThenATriggerTakesOver()
    {
        string channel = "crash" + RandomNumberGenerator.GetHexString(8, lowercase: true);
        var (client, inbox) = await WatchAsync(channel);
        await using TestMqttClient _ = client;
        string response = $"foobar/{channel}/response";
        await cloud.PublishTriggerAsync(channel);
        await inbox.NextAsync(response, "ready", s_wait);

        // SIGKILL every responder execution environment (the holder among them): no bye, no release.
        int endedBefore = cloud.EndedEnvironments();
        IReadOnlyList<int> pids = cloud.Host.Lambda.Pool("ResponderFunction").ProcessIds();
        foreach (int pid in pids)
        {
            using Process process = Process.GetProcessById(pid);
            process.Kill();
        }

        // Let the local Lambda notice the deaths first, or the next trigger would go to a dead environment.
        await cloud.WaitUntilAsync(() => cloud.EndedEnvironments() >= endedBefore + pids.Count, s_wait, "the local Lambda noticing the killed environments");

        var sinceKill = Stopwatch.StartNew();
        await cloud.PublishTriggerAsync(channel);
        await cloud.WaitUntilAsync(() => cloud.CountResponderLines(channel, Busy) == 1, s_wait, "the busy refusal while the dead holder's lease is live");

        // Trigger again every 2 s until a new responder takes the channel over.
        Task<System.Text.Json.JsonElement> secondReady = inbox.NextAsync(response, "ready", s_wait);
        while (!secondReady.IsCompleted)
        {
            await cloud.PublishTriggerAsync(channel);
            await Task.WhenAny(secondReady, Task.Delay(TimeSpan.FromSeconds(2)));
        }

        await secondReady;
        // The lease was renewed at most a third of its duration before the kill, so it outlived the kill by at least
        // two thirds of it (minus the handover window the trigger that got it waited).
        Assert.True(sinceKill.Elapsed >= TimeSpan.FromSeconds((LeaseCloudFixture.LeaseSeconds * 2 / 3) - 3.5), $"taken over after {sinceKill.Elapsed.TotalSeconds:0.0} s");
        await client.PublishAsync($"foobar/{channel}/request", MessageInbox.Json("{\"type\":\"bye\"}"));
        await inbox.NextAsync(response, "bye", s_wait);
    }
}
