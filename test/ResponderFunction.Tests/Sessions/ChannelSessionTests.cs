using ResponderFunction.Sessions;
using ResponderFunction.Tests.Fakes;
using ResponderFunction.Transport;

namespace ResponderFunction.Tests.Sessions;

public sealed class ChannelSessionTests
{
    private static readonly string Request = SessionHarness.Topics.Request;
    private static readonly string Response = SessionHarness.Topics.Response;

    [Fact]
    public async Task Start_SubscribesToRequestTopicThenSaysReady()
    {
        var harness = new SessionHarness();
        (_, FakeConnection connection) = await harness.StartReadyAsync();

        Assert.Equal([Request], connection.Subscriptions);
        Assert.Equal((Response, """{"type":"ready","channelId":"chan1","idleSeconds":30}"""), connection.Published[0]);
        Assert.Matches("^responder-chan1-[0-9a-f]{8}$", connection.ClientId);
    }

    [Fact]
    public async Task Request_IsAnsweredWithPongEchoingRequestId()
    {
        var harness = new SessionHarness();
        (Task<SessionSummary> run, FakeConnection connection) = await harness.StartReadyAsync();

        await connection.DeliverAsync(Request, """{"requestId":"r1","message":"ping"}""");
        await connection.DeliverAsync(Request, "not json at all");
        await connection.WaitForPublishesAsync(3);

        Assert.Equal((Response, """{"type":"pong","message":"PONG","requestId":"r1"}"""), connection.Published[1]);
        Assert.Equal((Response, """{"type":"pong","message":"PONG"}"""), connection.Published[2]);

        await connection.DeliverAsync(Request, """{"type":"bye"}""");
        var summary = await SessionHarness.FinishAsync(run);
        Assert.Equal(2, summary.RequestsServed);
        Assert.Empty(harness.Logger.Errors);
    }

    [Fact]
    public async Task Hello_IsAnsweredWithReadyAfterTheRepliesBeforeIt_AndIsNotARequest()
    {
        var harness = new SessionHarness();
        (Task<SessionSummary> run, FakeConnection connection) = await harness.StartReadyAsync();

        await connection.DeliverAsync(Request, """{"requestId":"r1"}""");
        await connection.DeliverAsync(Request, """{"type":"hello"}""");
        await connection.WaitForPublishesAsync(3);

        Assert.Equal((Response, """{"type":"pong","message":"PONG","requestId":"r1"}"""), connection.Published[1]);
        Assert.Equal((Response, """{"type":"ready","channelId":"chan1","idleSeconds":30}"""), connection.Published[2]);

        await connection.DeliverAsync(Request, """{"type":"bye"}""");
        var summary = await SessionHarness.FinishAsync(run);
        Assert.Equal(1, summary.RequestsServed);
        Assert.Empty(harness.Logger.Errors);
    }

    [Fact]
    public async Task Hello_ResetsTheIdleClock()
    {
        var harness = new SessionHarness();
        (Task<SessionSummary> run, FakeConnection connection) = await harness.StartReadyAsync();

        harness.Time.Advance(TimeSpan.FromSeconds(20));
        await connection.DeliverAsync(Request, """{"type":"hello"}""");
        await connection.WaitForPublishesAsync(2);
        harness.Time.Advance(TimeSpan.FromSeconds(20));

        Assert.False(run.IsCompleted);
        harness.Time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal("idle", (await SessionHarness.FinishAsync(run)).Reason);
    }

    [Fact]
    public async Task Idle_EndsAfterIdleTimeWithByeIdle()
    {
        var harness = new SessionHarness();
        (Task<SessionSummary> run, FakeConnection connection) = await harness.StartReadyAsync();

        harness.Time.Advance(TimeSpan.FromSeconds(29));
        Assert.False(run.IsCompleted);
        harness.Time.Advance(TimeSpan.FromSeconds(1));

        var summary = await SessionHarness.FinishAsync(run);
        Assert.Equal(new SessionSummary("chan1", "idle", 0, 0), summary);
        Assert.Equal((Response, """{"type":"bye","reason":"idle"}"""), connection.Published[^1]);
        Assert.True(connection.DisconnectedCleanly);
        Assert.Empty(harness.Logger.Errors);
    }

    [Fact]
    public async Task Idle_TimerIsResetByEachRequest()
    {
        var harness = new SessionHarness();
        (Task<SessionSummary> run, FakeConnection connection) = await harness.StartReadyAsync();

        for (int i = 0; i < 3; i++)
        {
            harness.Time.Advance(TimeSpan.FromSeconds(25));
            await connection.DeliverAsync(Request, "{}");
            await connection.WaitForPublishesAsync(i + 2); // handled: the idle clock restarted
        }

        harness.Time.Advance(TimeSpan.FromSeconds(29));
        Assert.False(run.IsCompleted);
        harness.Time.Advance(TimeSpan.FromSeconds(1));

        var summary = await SessionHarness.FinishAsync(run);
        Assert.Equal("idle", summary.Reason);
        Assert.Equal(3, summary.RequestsServed);
    }

    [Fact]
    public async Task Deadline_EndsMarginBeforeLambdaDeadlineWithByeDeadline()
    {
        var harness = new SessionHarness(new() { IdleTime = TimeSpan.FromSeconds(100), DeadlineMargin = TimeSpan.FromSeconds(5) });
        (Task<SessionSummary> run, FakeConnection connection) = await harness.StartReadyAsync(TimeSpan.FromSeconds(60));

        harness.Time.Advance(TimeSpan.FromSeconds(40));
        await connection.DeliverAsync(Request, "{}");
        await connection.WaitForPublishesAsync(2);
        harness.Time.Advance(TimeSpan.FromSeconds(14));
        Assert.False(run.IsCompleted);
        harness.Time.Advance(TimeSpan.FromSeconds(1));

        var summary = await SessionHarness.FinishAsync(run);
        Assert.Equal("deadline", summary.Reason);
        Assert.Equal((Response, """{"type":"bye","reason":"deadline"}"""), connection.Published[^1]);
    }

    [Fact]
    public async Task DeadlineEnd_ByeAndDisconnectShareOneBudgetOfHalfTheMargin()
    {
        var harness = new SessionHarness(new() { IdleTime = TimeSpan.FromSeconds(100), DeadlineMargin = TimeSpan.FromSeconds(1) });
        (Task<SessionSummary> run, FakeConnection connection) = await harness.StartReadyAsync(TimeSpan.FromSeconds(60));
        connection.HoldAcks();
        connection.HoldDisconnect = true;

        harness.Time.Advance(TimeSpan.FromSeconds(59)); // the deadline end: bye goes out, its PUBACK is slow
        await connection.WaitForPublishesAsync(2);
        await harness.Time.WaitForScheduledAsync(TimeSpan.FromMilliseconds(500)); // the budget: margin / 2
        harness.Time.Advance(TimeSpan.FromMilliseconds(400));
        connection.AckAll(); // bye acknowledged after 0.4 s; DISCONNECT then hangs
        await connection.DisconnectStarted.WaitAsync(TimeSpan.FromSeconds(5));
        harness.Time.Advance(TimeSpan.FromMilliseconds(100)); // 0.5 s in total: the one budget is used up, no fresh one for DISCONNECT

        var summary = await SessionHarness.FinishAsync(run);
        Assert.Equal("deadline", summary.Reason);
        Assert.False(connection.DisconnectedCleanly);
        Assert.Contains(harness.Logger.Entries, e => e.Message.Contains("Could not say bye", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Request_WithUnpairedSurrogateEscape_IsAnsweredWithoutRequestId()
    {
        var harness = new SessionHarness();
        (Task<SessionSummary> run, FakeConnection connection) = await harness.StartReadyAsync();

        await connection.DeliverAsync(Request, """{"requestId":"\ud800"}""");
        await connection.DeliverAsync(Request, """{"requestId":"r2","note":"\udfff"}""");
        await connection.WaitForPublishesAsync(3);

        Assert.Equal((Response, """{"type":"pong","message":"PONG"}"""), connection.Published[1]);
        Assert.Equal((Response, """{"type":"pong","message":"PONG","requestId":"r2"}"""), connection.Published[2]);
        await connection.DeliverAsync(Request, """{"type":"bye"}""");
        Assert.Equal(2, (await SessionHarness.FinishAsync(run)).RequestsServed);
        Assert.Empty(harness.Logger.Errors);
    }

    [Fact]
    public async Task Deadline_AlreadyWithinMargin_EndsWithoutConnecting()
    {
        var harness = new SessionHarness();

        var summary = await SessionHarness.FinishAsync(harness.Start(TimeSpan.FromSeconds(4)));

        Assert.Equal("deadline", summary.Reason);
        Assert.Empty(harness.Connector.Attempts);
    }

    [Theory]
    [InlineData("""{"type":"bye"}""")]
    [InlineData("""{"type":"bye","reason":"disconnected"}""")] // the browser's will
    public async Task ClientBye_EndsWithClientLeft(string payload)
    {
        var harness = new SessionHarness();
        (Task<SessionSummary> run, FakeConnection connection) = await harness.StartReadyAsync();

        await connection.DeliverAsync(Request, "{}");
        await connection.DeliverAsync(Request, payload);

        var summary = await SessionHarness.FinishAsync(run);
        Assert.Equal(new SessionSummary("chan1", "client-left", 1, 0), summary);
        Assert.Equal((Response, """{"type":"bye","reason":"client-left"}"""), connection.Published[^1]);
        Assert.True(connection.DisconnectedCleanly);
    }

    [Fact]
    public async Task MessagesOnOtherTopics_AreIgnored()
    {
        var harness = new SessionHarness();
        (Task<SessionSummary> run, FakeConnection connection) = await harness.StartReadyAsync();

        await connection.DeliverAsync("foobar/other/request", """{"type":"bye"}""");
        await connection.DeliverAsync(Response, "{}");

        Assert.False(run.IsCompleted);
        Assert.Single(connection.Published);
        await connection.DeliverAsync(Request, """{"type":"bye"}""");
        await SessionHarness.FinishAsync(run);
    }

    [Fact]
    public async Task HandlerFailure_EndsWithByeError()
    {
        var harness = new SessionHarness(handler: new ThrowingHandler());
        (Task<SessionSummary> run, FakeConnection connection) = await harness.StartReadyAsync();

        await connection.DeliverAsync(Request, "{}");

        var summary = await SessionHarness.FinishAsync(run);
        Assert.Equal("error", summary.Reason);
        Assert.Equal((Response, """{"type":"bye","reason":"error"}"""), connection.Published[^1]);
        Assert.Contains(harness.Logger.Errors, e => e.Contains("handler failed"));
    }

    [Fact]
    public async Task NullReply_PublishesNothingButCountsTheRequest()
    {
        var harness = new SessionHarness(handler: new SilentHandler());
        (Task<SessionSummary> run, FakeConnection connection) = await harness.StartReadyAsync();

        await connection.DeliverAsync(Request, "{}");
        Assert.Single(connection.Published);

        await connection.DeliverAsync(Request, """{"type":"bye"}""");
        Assert.Equal(1, (await SessionHarness.FinishAsync(run)).RequestsServed);
        Assert.Equal(2, connection.Published.Count); // ready and bye only
    }

    private sealed class ThrowingHandler : Handlers.IChannelMessageHandler
    {
        public ValueTask<ReadOnlyMemory<byte>?> HandleAsync(Handlers.ChannelRequestContext request, CancellationToken cancellationToken)
            => throw new InvalidOperationException("boom");
    }

    private sealed class SilentHandler : Handlers.IChannelMessageHandler
    {
        public ValueTask<ReadOnlyMemory<byte>?> HandleAsync(Handlers.ChannelRequestContext request, CancellationToken cancellationToken)
            => ValueTask.FromResult<ReadOnlyMemory<byte>?>(null);
    }
}
