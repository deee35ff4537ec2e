using System.Text;
using Realtime.Channels;
using Realtime.Lambda;
using Realtime.Lambda.TestUtilities;
using Realtime.TestSupport;
using ResponderFunction.Configuration;
using ResponderFunction.Handlers;
using ResponderFunction.Sessions;
using ResponderFunction.Tests.Support;
using ResponderFunction.Transport;
using Xunit.Abstractions;

namespace ResponderFunction.Tests;

/// <summary>Failure paths made real against real brokers: a refused subscription (SUBACK 0x80), PUBACKs that never come, an oversize request, a Mosquitto restart.</summary>
public sealed class FailurePathTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task SubscriptionRefused_Suback0x80_EndsTheSessionWithErrorAtOnce_WithoutRetrying()
    {
        await using RefusingBroker broker = await RefusingBroker.StartAsync();
        var logger = new TestLambdaLogger();
        ChannelId channel = ChannelId.New();
        ChannelSession session = NewSession(broker.WebSocketUri, channel, logger, new SessionOptions { IdleTime = Timeout, DeadlineMargin = TimeSpan.FromSeconds(5) });

        SessionSummary summary = await session.RunAsync(TimeSpan.FromMinutes(5)).WaitAsync(Timeout);

        output.WriteLine(logger.Buffer);
        Assert.Equal(new SessionSummary(channel.Value, "error", 0, 0), summary);
        Assert.Equal(1, broker.SubscribeAttempts); // permanent: never resubscribed in a loop
        Assert.Contains(logger.Entries, e => e.Level == LambdaLogLevel.Error && e.Message.Contains("SUBACK 0x80", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PubAcksLost_TheConnectionIsConsideredBroken_TheReplyIsResentOnce_ThenReadyAgain()
    {
        await using MosquittoBroker broker = await MosquittoBroker.StartAsync();
        await using var proxy = new TcpProxy(broker.WebSocketPort);
        await using BrowserClient browser = await BrowserClient.ConnectAsync(broker.WebSocketUri);
        var logger = new TestLambdaLogger();
        var options = new SessionOptions { IdleTime = Timeout, DeadlineMargin = TimeSpan.FromSeconds(5), PublishTimeout = TimeSpan.FromSeconds(2) };
        ChannelSession session = NewSession(new Uri($"ws://127.0.0.1:{proxy.Port}/mqtt"), browser.ChannelId, logger, options);
        Task<SessionSummary> run = Task.Run(() => session.RunAsync(TimeSpan.FromMinutes(5)));

        Assert.Equal("ready", (await browser.NextAsync()).Type);
        await browser.RequestAsync("r1");
        Assert.Equal("r1", (await browser.NextAsync()).RequestId);

        // Whatever the responder sends from now on on this connection vanishes: its pong for r2 never reaches the broker, so
        // no PUBACK comes back. The request itself still reaches the responder.
        proxy.SwallowFromCurrentClients();
        await browser.RequestAsync("r2");

        ChannelMessage resent = await browser.NextAsync();
        Assert.Equal(new ChannelMessage("pong", Message: "PONG", RequestId: "r2"), resent);
        Assert.Equal(new ChannelMessage("ready", browser.ChannelId.Value, IdleSeconds: 30), await browser.NextAsync());
        Assert.Equal(2, proxy.Accepted);

        await browser.RequestAsync("r3");
        Assert.Equal("r3", (await browser.NextAsync()).RequestId); // no second copy of r2 before it
        await browser.ByeAsync();
        Assert.Equal(new ChannelMessage("bye", Reason: "client-left"), await browser.NextAsync());
        SessionSummary summary = await run.WaitAsync(Timeout);
        output.WriteLine(logger.Buffer);
        Assert.Equal(new SessionSummary(browser.ChannelId.Value, "client-left", 3, 1), summary);
        Assert.Contains(logger.Entries, e => e.Message.Contains("not acknowledged within 2 s", StringComparison.Ordinal));
    }

    [Fact]
    public async Task OversizeRequest_IsDropped_AndTheConnectionStays()
    {
        await using MosquittoBroker broker = await MosquittoBroker.StartAsync();
        await using BrowserClient browser = await BrowserClient.ConnectAsync(broker.WebSocketUri);
        var logger = new TestLambdaLogger();
        ChannelSession session = NewSession(broker.WebSocketUri, browser.ChannelId, logger, new SessionOptions { IdleTime = Timeout, DeadlineMargin = TimeSpan.FromSeconds(5) });
        Task<SessionSummary> run = Task.Run(() => session.RunAsync(TimeSpan.FromMinutes(5)));
        Assert.Equal("ready", (await browser.NextAsync()).Type);

        await browser.PublishAsync(browser.Topics.Request, Encoding.UTF8.GetBytes($$"""{"requestId":"big","pad":"{{new string('x', 200 * 1024)}}"}"""));
        await browser.RequestAsync("small");

        Assert.Equal(new ChannelMessage("pong", Message: "PONG", RequestId: "small"), await browser.NextAsync());
        await browser.ByeAsync();
        SessionSummary summary = await run.WaitAsync(Timeout);
        output.WriteLine(logger.Buffer);
        Assert.Equal(new SessionSummary(browser.ChannelId.Value, "client-left", 1, 0), summary); // served, never reconnected
        Assert.Contains(logger.Entries, e => e.Level == LambdaLogLevel.Warning && e.Message.Contains("over the 131072-byte limit", StringComparison.Ordinal));
    }

    [Fact]
    public async Task BrokerRestart_ResponderReconnects_SaysReadyAgain_AndServesTheNextRequestAtOnce()
    {
        await using MosquittoBroker broker = await MosquittoBroker.StartAsync();
        await using var proxy = new TcpProxy(broker.WebSocketPort);
        await using BrowserClient browser = await BrowserClient.ConnectAsync(broker.WebSocketUri);
        var logger = new TestLambdaLogger();
        ChannelSession session = NewSession(new Uri($"ws://127.0.0.1:{proxy.Port}/mqtt"), browser.ChannelId, logger, new SessionOptions { IdleTime = Timeout, DeadlineMargin = TimeSpan.FromSeconds(5) });
        Task<SessionSummary> run = Task.Run(() => session.RunAsync(TimeSpan.FromMinutes(5)));
        Assert.Equal("ready", (await browser.NextAsync()).Type);
        await browser.RequestAsync("before");
        Assert.Equal("before", (await browser.NextAsync()).RequestId);

        // The responder's reconnect waits at the proxy until the browser is back and subscribed, so its second ready cannot
        // be missed: the test then requires that ready, and one request must be answered (no re-send loop hiding a loss).
        proxy.HoldNewConnections();
        await broker.RestartAsync();
        await browser.Disconnected.WaitAsync(Timeout);
        await browser.ReconnectAsync(broker.WebSocketUri);
        proxy.AdmitNewConnections();

        Assert.Equal(new ChannelMessage("ready", browser.ChannelId.Value, IdleSeconds: 30), await browser.NextAsync(Timeout));
        await browser.RequestAsync("after");
        Assert.Equal(new ChannelMessage("pong", Message: "PONG", RequestId: "after"), await browser.NextAsync());
        await browser.ByeAsync();
        SessionSummary summary = await run.WaitAsync(Timeout);
        output.WriteLine(logger.Buffer);
        Assert.Equal(new SessionSummary(browser.ChannelId.Value, "client-left", 2, 1), summary);
        Assert.Contains(logger.Entries, e => e.Message.StartsWith("Reconnected as responder-", StringComparison.Ordinal));
        Assert.DoesNotContain(logger.Entries, e => e.Level >= LambdaLogLevel.Error);
    }

    private static ChannelSession NewSession(Uri endpoint, ChannelId channelId, TestLambdaLogger logger, SessionOptions options)
    {
        ResponderConfig config = ResponderConfig.From(new DictionaryEnvironmentVariables(new Dictionary<string, string>
        {
            ["AWS_IOT_ENDPOINT_URL"] = endpoint.ToString(),
            ["AWS_REGION"] = "us-east-1",
            ["AWS_ACCESS_KEY_ID"] = "AKIDLOCALRESPONDER",
            ["AWS_SECRET_ACCESS_KEY"] = "responder-secret",
        }));
        return new ChannelSession(
            channelId, ChannelTopics.For(TopicPrefix.Default, channelId), options, new MqttNetChannelConnector(config, TimeProvider.System),
            new PongHandler(), TimeProvider.System, logger);
    }
}
