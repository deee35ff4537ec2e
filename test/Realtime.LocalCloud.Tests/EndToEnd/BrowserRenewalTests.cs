using Microsoft.Playwright;
using Realtime.LocalCloud.Tests.Support;

namespace Realtime.LocalCloud.Tests.EndToEnd;

/// <summary>The demo page keeps its channel past the presigned URL's expiry: a reconnect renews first (POST /renew).</summary>
[Collection(ShortExpiryLocalCloudCollection.Name)]
public sealed class BrowserRenewalTests(ShortExpiryLocalCloudFixture cloud)
{
    private static readonly float s_timeoutMs = 60_000; // a loaded 2-core CI runs two local clouds and Chromium at once

    [Fact]
    public async Task DemoPage_KeptOpenPastItsUrlsExpiry_RenewsAndGoesOn()
    {
        await using Chromium chromium = await Chromium.LaunchAsync();
        IPage page = await chromium.Context.NewPageAsync();
        await page.GotoAsync(cloud.Host.DemoUrl.ToString());
        await Assertions.Expect(page.Locator("#status")).ToHaveTextAsync("ready", new() { Timeout = s_timeoutMs });
        string channelId = await page.EvaluateAsync<string>("() => demo.channel.channelId");
        await page.ClickAsync("#send-button");
        await Assertions.Expect(page.Locator("#replies li.pong")).ToHaveCountAsync(1, new() { Timeout = s_timeoutMs });

        // Past the URL's expiry the open connection still works; it only matters for the next connect.
        await page.WaitForFunctionAsync("() => demo.channel.expiresAt.getTime() < Date.now() - 500", null,
            new() { Timeout = (ShortExpiryLocalCloudFixture.UrlSeconds + 10) * 1000, PollingInterval = 200 });
        await page.ClickAsync("#send-button");
        await Assertions.Expect(page.Locator("#replies li.pong")).ToHaveCountAsync(2, new() { Timeout = s_timeoutMs });
        Assert.Equal(0, await page.EvaluateAsync<int>("() => demo.renewals"));

        // Every IoT connection drops, the responder's too: the page renews the URL for the same channel, reconnects, and
        // finds its responder again. The responder usually survives (it reconnects first and misses the page's will) and
        // answers the page's hello with ready; if the will reached it, the trigger starts a new one. Either way: ready again.
        string how = await IotConnections.DropAllAsync(cloud.Host.MqttUrl.Port, page);
        try
        {
            await Assertions.Expect(page.Locator("#renewals")).ToHaveTextAsync("renewed 1×", new() { Timeout = s_timeoutMs });
            await Assertions.Expect(page.Locator("#events li").Filter(new() { HasTextString = "ready again" }).First).ToBeVisibleAsync(new() { Timeout = s_timeoutMs });
            await Assertions.Expect(page.Locator("#status")).ToHaveTextAsync("ready", new() { Timeout = s_timeoutMs });
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            string seen = await page.EvaluateAsync<string>("() => JSON.stringify({ state: demo.channel && demo.channel.state, events: demo.events })");
            throw new Xunit.Sdk.XunitException($"dropped by {how}: {e.Message}{Environment.NewLine}page: {seen}");
        }

        Assert.Equal(channelId, await page.EvaluateAsync<string>("() => demo.channel.channelId"));
        Assert.True(await page.EvaluateAsync<bool>("() => demo.channel.expiresAt.getTime() > Date.now()"), "the renewed URL is valid");
        Assert.Contains(await page.EvaluateAsync<string[]>("() => demo.events"), e => e.StartsWith("renewed (URL valid until", StringComparison.Ordinal));

        await page.ClickAsync("#send-button");
        await Assertions.Expect(page.Locator("#replies li.pong")).ToHaveCountAsync(3, new() { Timeout = s_timeoutMs });
        Assert.NotEmpty(cloud.Lines("POST /renew -> 200"));
        await page.ClickAsync("#leave-button");
        await Assertions.Expect(page.Locator("#status")).ToHaveTextAsync("session ended (client-left)", new() { Timeout = s_timeoutMs });
        Assert.Empty(cloud.ErrorLines());
    }
}
