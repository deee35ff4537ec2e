using Microsoft.Playwright;
using Realtime.LocalCloud.Tests.Support;

namespace Realtime.LocalCloud.Tests.EndToEnd;

/// <summary>The demo page in a real headless Chromium: session, MQTT.js to the local broker, the responder's ready and PONGs.</summary>
[Collection(LocalCloudCollection.Name)]
public sealed class BrowserTests(LocalCloudFixture cloud)
{
    private static readonly float s_timeoutMs = 30_000;

    [Fact]
    public async Task DemoPage_GetsReadyThenPongsWithRoundTripTimes()
    {
        await using Chromium chromium = await Chromium.LaunchAsync();
        IPage page = await chromium.Context.NewPageAsync();
        var consoleErrors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") { consoleErrors.Add(message.Text); } };

        await page.GotoAsync(cloud.Host.DemoUrl.ToString());
        await Assertions.Expect(page.Locator("#status")).ToHaveTextAsync("ready", new() { Timeout = s_timeoutMs });
        for (int i = 0; i < 3; i++)
        {
            await page.ClickAsync("#send-button");
            await Assertions.Expect(page.Locator("#replies li.pong")).ToHaveCountAsync(i + 1, new() { Timeout = s_timeoutMs });
        }

        IReadOnlyList<string> replies = await page.Locator("#replies li.pong").AllTextContentsAsync();
        Assert.All(replies, r => Assert.Matches(@"^PONG #\d+ in [\d.]+ ms$", r));
        string[] ms = await page.EvaluateAsync<string[]>("() => demo.pongs.map(p => String(p.ms))");
        Assert.All(ms, m => Assert.True(double.Parse(m, System.Globalization.CultureInfo.InvariantCulture) is > 0 and < 5000, $"round trip {m} ms"));

        // The session ends by itself after the idle window, and the page says why.
        await Assertions.Expect(page.Locator("#status")).ToHaveTextAsync("session ended (idle)", new() { Timeout = (LocalCloudFixture.IdleSeconds + 20) * 1000 });
        Assert.Empty(consoleErrors);
        Assert.Empty(cloud.ErrorLines());
    }

    [Fact]
    public async Task TwoTabs_SeeEachOthersMessagesOnTheSharedTopic()
    {
        await using Chromium chromium = await Chromium.LaunchAsync();
        IPage first = await chromium.Context.NewPageAsync();
        IPage second = await chromium.Context.NewPageAsync();
        await first.GotoAsync(cloud.Host.DemoUrl.ToString());
        await second.GotoAsync(cloud.Host.DemoUrl.ToString());
        await Assertions.Expect(first.Locator("#shared-button")).ToBeEnabledAsync(new() { Timeout = s_timeoutMs });
        await Assertions.Expect(second.Locator("#shared-button")).ToBeEnabledAsync(new() { Timeout = s_timeoutMs });

        await first.FillAsync("#shared-text", "hello from the first tab");
        await first.ClickAsync("#shared-button");

        await Assertions.Expect(second.Locator("#shared-messages li")).ToContainTextAsync(["hello from the first tab"], new() { Timeout = s_timeoutMs });
        await Assertions.Expect(first.Locator("#shared-messages li")).ToContainTextAsync(["me: hello from the first tab"], new() { Timeout = s_timeoutMs });
        // No Leave click: on a slow machine a session may end by idling at any moment (the button is then disabled, even
        // mid-click). Closing the browser ends whatever is left: each tab's MQTT will tells its responder.
    }
}
