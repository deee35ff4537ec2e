using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Realtime.LocalCloud.Tests.Support;

namespace Realtime.LocalCloud.Tests.EndToEnd;

/// <summary>The demo page on the JS client in headless Chromium: the channel survives dropped connections.</summary>
[Collection(LocalCloudCollection.Name)]
public sealed class BrowserChannelTests(LocalCloudFixture cloud)
{
    private const int Requests = 30;
    private static readonly float s_timeoutMs = 60_000; // a loaded 2-core CI runs two local clouds and Chromium at once

    [Fact]
    public async Task DemoPage_EveryIotConnectionDroppedMidSession_GoesOnWithEveryRequestAnsweredOnce()
    {
        await using Chromium chromium = await Chromium.LaunchAsync();
        IPage page = await chromium.Context.NewPageAsync();
        var consoleErrors = new List<string>();
        // Chromium's own notice when MQTT.js writes to a socket that died a moment ago is expected here; anything else is not.
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && !message.Text.StartsWith("WebSocket is already in CLOSING or CLOSED state", StringComparison.Ordinal))
            {
                consoleErrors.Add(message.Text);
            }
        };
        await page.GotoAsync(cloud.Host.DemoUrl.ToString());
        await Assertions.Expect(page.Locator("#status")).ToHaveTextAsync("ready", new() { Timeout = s_timeoutMs });
        // The will that ends the responder when the page's connection dies is QoS 1 (docs/protocol.md).
        Assert.Equal(1, await page.EvaluateAsync<int>("() => demo.channel.mqttClient.options.will.qos"));

        // The user keeps clicking Send (every 25 ms) while every connection to the IoT endpoint is dropped.
        await page.EvaluateAsync($$"""
            () => { (async () => { for (let i = 0; i < {{Requests}}; i++) {
              document.getElementById('send-button').click(); await new Promise(r => setTimeout(r, 25)); } })(); }
            """);
        await page.WaitForFunctionAsync("() => demo.pongs.length >= 8", null, new() { Timeout = s_timeoutMs });
        string how = await IotConnections.DropAllAsync(cloud.Host.MqttUrl.Port, page);
        try
        {
            await AfterTheDropAsync(page);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // What the page saw, so that a failure on a loaded machine says where it stopped.
            string seen = await page.EvaluateAsync<string>(
                "() => JSON.stringify({ state: demo.channel && demo.channel.state, events: demo.events, answered: demo.pongs.map(p => p.requestId) })");
            throw new Xunit.Sdk.XunitException($"dropped by {how}: {e.Message}{Environment.NewLine}page: {seen}");
        }

        Assert.True(consoleErrors.Count == 0, $"dropped by {how}; console errors: {string.Join(" | ", consoleErrors)}");
        Assert.Empty(cloud.ErrorLines());
    }

    // The fixture's responders idle out after 5 s: on a slow machine the page may be "session ended (idle)" by the time
    // a step looks, which is fine (the next Send starts a responder again).
    private static async Task AfterTheDropAsync(IPage page)
    {
        await Assertions.Expect(page.Locator("#replies li.pong")).ToHaveCountAsync(Requests, new() { Timeout = s_timeoutMs });
        string[] ids = await page.EvaluateAsync<string[]>("() => demo.pongs.map(p => p.requestId)");
        Assert.Equal(Requests, ids.Length);
        Assert.Equal(Enumerable.Range(1, Requests).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToHashSet(), ids.ToHashSet());
        string[] events = await page.EvaluateAsync<string[]>("() => demo.events");
        Assert.Contains(events, e => e.StartsWith("reconnecting (connection lost", StringComparison.Ordinal));
        Assert.Contains(events, e => e.StartsWith("ready again", StringComparison.Ordinal));
        await Assertions.Expect(page.Locator("#status")).ToHaveTextAsync(new Regex("^(ready|session ended \\(idle\\))$"), new() { Timeout = s_timeoutMs });
        Assert.True(await page.Locator("#events li").Filter(new() { HasTextString = "reconnecting (connection lost" }).CountAsync() >= 1);

        // Still one channel, still answering.
        await page.ClickAsync("#send-button");
        await Assertions.Expect(page.Locator("#replies li.pong")).ToHaveCountAsync(Requests + 1, new() { Timeout = s_timeoutMs });
        await page.ClickAsync("#leave-button");
        await Assertions.Expect(page.Locator("#status")).ToHaveTextAsync(new Regex("^session ended \\((client-left|idle)\\)$"), new() { Timeout = s_timeoutMs });
    }
}
