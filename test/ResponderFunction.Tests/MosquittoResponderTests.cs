using System.Diagnostics;
using System.Text.Json;
using Realtime.Channels;
using Realtime.Lambda;
using Realtime.Lambda.TestUtilities;
using Realtime.TestSupport;
using ResponderFunction.Sessions;
using ResponderFunction.Tests.Support;
using Xunit.Abstractions;

namespace ResponderFunction.Tests;

/// <summary>The responder in-process against a real Mosquitto, with the real MQTT client as the browser.</summary>
public sealed class MosquittoResponderTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private MosquittoBroker _broker = null!;

    public async Task InitializeAsync() => _broker = await MosquittoBroker.StartAsync();

    public async Task DisposeAsync() => await _broker.DisposeAsync();

    [Fact]
    public async Task Trigger_ReadyThenPongForEachRequestInOrder()
    {
        await using BrowserClient browser = await BrowserClient.ConnectAsync(_broker.WebSocketUri);
        (Task<SessionSummary> session, TestLambdaLogger logger) = StartSession(browser);

        ChannelMessage ready = await browser.NextAsync();
        Assert.Equal(new ChannelMessage("ready", browser.ChannelId.Value, IdleSeconds: 30), ready);

        const int count = 20;
        var stopwatch = Stopwatch.StartNew();
        for (int i = 0; i < count; i++)
        {
            await browser.RequestAsync($"r{i}");
            ChannelMessage pong = await browser.NextAsync();
            Assert.Equal(new ChannelMessage("pong", Message: "PONG", RequestId: $"r{i}"), pong);
        }

        output.WriteLine($"{count} sequential PONG round trips: {stopwatch.ElapsedMilliseconds} ms");
        await browser.ByeAsync();
        Assert.Equal(new ChannelMessage("bye", Reason: "client-left"), await browser.NextAsync());
        Assert.Equal(new SessionSummary(browser.ChannelId.Value, "client-left", count, 0), await session.WaitAsync(Timeout));
        AssertNoErrors(logger);
    }

    [Fact]
    public async Task EachReplyAndThePubAckOfItsRequest_LeaveInOneWebSocketFrame()
    {
        // The responder reaches Mosquitto through a proxy that counts its WebSocket frames; one frame per MQTT packet would
        // be two per request (the PONG, then the PUBACK of the request).
        await using var proxy = new TcpProxy(_broker.WebSocketPort);
        await using BrowserClient browser = await BrowserClient.ConnectAsync(_broker.WebSocketUri);
        (Task<SessionSummary> session, TestLambdaLogger logger) = StartSession(browser, endpoint: new Uri($"ws://127.0.0.1:{proxy.Port}/mqtt"));
        Assert.Equal("ready", (await browser.NextAsync()).Type);

        const int count = 20;
        int before = proxy.ClientDataFrames;
        for (int i = 0; i < count; i++)
        {
            await browser.RequestAsync($"r{i}");
            Assert.Equal(new ChannelMessage("pong", Message: "PONG", RequestId: $"r{i}"), await browser.NextAsync());
        }

        int frames = proxy.ClientDataFrames - before;
        output.WriteLine($"{count} sequential requests: {frames} WebSocket frames from the responder");
        Assert.InRange(frames, count, count + 2); // a keep-alive may add one; two per request would be 40
        await browser.ByeAsync();
        Assert.Equal(new SessionSummary(browser.ChannelId.Value, "client-left", count, 0), await session.WaitAsync(Timeout));
        AssertNoErrors(logger);
    }

    [Fact]
    public async Task NoRequests_EndsIdleAfterTheIdleTime()
    {
        await using BrowserClient browser = await BrowserClient.ConnectAsync(_broker.WebSocketUri);
        (Task<SessionSummary> session, TestLambdaLogger logger) = StartSession(browser, idleSeconds: 2);

        Assert.Equal("ready", (await browser.NextAsync()).Type);
        var idle = Stopwatch.StartNew();
        await browser.RequestAsync("only");
        Assert.Equal("pong", (await browser.NextAsync()).Type);

        Assert.Equal(new ChannelMessage("bye", Reason: "idle"), await browser.NextAsync());
        Assert.InRange(idle.Elapsed, TimeSpan.FromSeconds(1.9), TimeSpan.FromSeconds(10));
        Assert.Equal(new SessionSummary(browser.ChannelId.Value, "idle", 1, 0), await session.WaitAsync(Timeout));
        AssertNoErrors(logger);
    }

    [Fact]
    public async Task NearTheLambdaDeadline_SaysByeDeadline()
    {
        await using BrowserClient browser = await BrowserClient.ConnectAsync(_broker.WebSocketUri);
        TimeSpan remaining = TimeSpan.FromSeconds(6);
        TimeSpan? handlerTime = null;
        (Task<SessionSummary> session, TestLambdaLogger logger) = StartSession(
            browser, remaining: remaining, marginSeconds: 3, onHandled: elapsed => handlerTime = elapsed);

        Assert.Equal("ready", (await browser.NextAsync()).Type);
        Assert.Equal(new ChannelMessage("bye", Reason: "deadline"), await browser.NextAsync());
        SessionSummary summary = await session.WaitAsync(Timeout);

        Assert.Equal("deadline", summary.Reason);
        // Leaves at 6 - 3 = 3 s; bye and DISCONNECT share one budget of 1.5 s. Timed inside the handler (what Lambda times, not
        // this test's possibly delayed thread), the only upper bound that matters is Lambda's own deadline: the remaining time.
        Assert.NotNull(handlerTime);
        Assert.InRange(handlerTime.Value, remaining - TimeSpan.FromSeconds(3.1), remaining);
        AssertNoErrors(logger);
    }

    [Fact]
    public async Task BrowserConnectionDies_WillEndsTheSessionAtOnce()
    {
        await using var proxy = new TcpProxy(_broker.WebSocketPort);
        await using BrowserClient browser = await BrowserClient.ConnectAsync(new Uri($"ws://127.0.0.1:{proxy.Port}/mqtt"));
        (Task<SessionSummary> session, TestLambdaLogger logger) = StartSession(browser);
        Assert.Equal("ready", (await browser.NextAsync()).Type);
        await browser.RequestAsync("before");
        Assert.Equal("pong", (await browser.NextAsync()).Type);

        var dropped = Stopwatch.StartNew();
        proxy.DropAll(); // like a closed tab: no DISCONNECT, so the broker publishes the will

        SessionSummary summary = await session.WaitAsync(Timeout);
        Assert.Equal(new SessionSummary(browser.ChannelId.Value, "client-left", 1, 0), summary);
        Assert.True(dropped.Elapsed < TimeSpan.FromSeconds(10), $"took {dropped.Elapsed}, i.e. waited for idle instead of the will");
        Assert.Contains(logger.Entries, e => e.Message.Contains("left (disconnected)", StringComparison.Ordinal));
        AssertNoErrors(logger);
    }

    private (Task<SessionSummary> Session, TestLambdaLogger Logger) StartSession(
        BrowserClient browser, int idleSeconds = 30, TimeSpan? remaining = null, int marginSeconds = 5, Action<TimeSpan>? onHandled = null,
        Uri? endpoint = null)
    {
        var environment = new DictionaryEnvironmentVariables(new Dictionary<string, string>
        {
            ["AWS_IOT_ENDPOINT_URL"] = (endpoint ?? _broker.WebSocketUri).ToString(),
            ["AWS_REGION"] = "us-east-1",
            ["AWS_ACCESS_KEY_ID"] = "AKIDLOCALRESPONDER",
            ["AWS_SECRET_ACCESS_KEY"] = "responder-secret",
            ["AWS_SESSION_TOKEN"] = "responder-token",
            ["SESSION_IDLE_SECONDS"] = idleSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["DEADLINE_MARGIN_SECONDS"] = marginSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        var logger = new TestLambdaLogger();
        ResponderHandler handler = ResponderStartup.Create(environment, logger);
        var context = new TestLambdaContext { Logger = logger, RemainingTime = remaining ?? TimeSpan.FromMinutes(5) };
        byte[] trigger = System.Text.Encoding.UTF8.GetBytes(browser.RuleEvent());
        return (Task.Run(async () =>
        {
            long started = Stopwatch.GetTimestamp();
            SessionSummary summary = await handler.HandleAsync(trigger, context);
            onHandled?.Invoke(Stopwatch.GetElapsedTime(started));
            return summary;
        }), logger);
    }

    private void AssertNoErrors(TestLambdaLogger logger)
    {
        output.WriteLine(logger.Buffer);
        Assert.DoesNotContain(logger.Entries, e => e.Level >= LambdaLogLevel.Error);
        Assert.DoesNotContain("responder-secret", logger.Buffer);
        Assert.DoesNotContain("responder-token", logger.Buffer);
        Assert.DoesNotContain("X-Amz-Signature", logger.Buffer);
    }
}
