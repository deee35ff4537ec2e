using System.Text;
using ResponderFunction.Sessions;
using ResponderFunction.Tests.Fakes;

namespace ResponderFunction.Tests.Sessions;

/// <summary>Pipelined replies through a whole session over the fake connection: order, in-flight bound, re-send, no duplicate.</summary>
public sealed class ReplyPipelineTests
{
    private static readonly string Request = SessionHarness.Topics.Request;
    private const string Ready = """{"type":"ready","channelId":"chan1","idleSeconds":30}""";

    private static string Pong(int i) => $$"""{"type":"pong","message":"PONG","requestId":"r{{i}}"}""";

    private static string Req(int i) => $$"""{"requestId":"r{{i}}"}""";

    [Fact]
    public async Task Replies_AreNotHeldBackByPubAcks_AndStopAt99InFlightPlusReady_InOrder()
    {
        var harness = new SessionHarness();
        (Task<SessionSummary> run, FakeConnection connection) = await harness.StartReadyAsync();
        connection.HoldAcks(); // no PUBACK at all from now on

        Task deliveries = Task.Run(async () =>
        {
            for (int i = 0; i < 200; i++)
            {
                await connection.DeliverAsync(Request, Req(i));
            }
        });

        // 99 replies go out without a single PUBACK (the old design sent one, then waited); the 100th place is the ready's.
        IReadOnlyList<(string Topic, string Text)> published = await connection.WaitForPublishesAsync(100);
        Assert.Equal([Ready, .. Enumerable.Range(0, 99).Select(Pong)], published.Select(p => p.Text));
        Assert.Equal(99, connection.HeldAcks);
        Assert.False(deliveries.IsCompleted); // 99 sent + 1 waiting for a place + a full inbox: the connection is held back too

        // Each PUBACK frees one place: exactly one more reply.
        Assert.True(connection.AckOldest());
        await connection.WaitForPublishesAsync(101);
        Assert.Equal(Pong(99), connection.Published[100].Text);
        Assert.Equal(101, connection.Published.Count);

        connection.AckAll();
        await deliveries.WaitAsync(TimeSpan.FromSeconds(5));
        published = await connection.WaitForPublishesAsync(201);
        Assert.Equal([Ready, .. Enumerable.Range(0, 200).Select(Pong)], published.Select(p => p.Text));

        await connection.DeliverAsync(Request, """{"type":"bye"}""");
        Assert.Equal(200, (await SessionHarness.FinishAsync(run)).RequestsServed);
    }

    [Fact]
    public async Task Drop_ResendsOnlyTheUnacknowledgedReplies_InOrder_BeforeReady_AndNeverAgain()
    {
        var harness = new SessionHarness();
        (Task<SessionSummary> run, FakeConnection first) = await harness.StartReadyAsync();
        first.HoldAcks();
        for (int i = 0; i < 5; i++)
        {
            await first.DeliverAsync(Request, Req(i));
        }

        await first.WaitForPublishesAsync(6);
        Assert.True(first.AckOldest()); // r0 and r1 acknowledged, r2..r4 not
        Assert.True(first.AckOldest());
        // A PUBACK completes on another thread: a drop noticed before it would (rightly) send that reply again.
        await harness.WaitUntilAsync(() => harness.Session.UnacknowledgedReplies == 3, "the two PUBACKs to be counted");
        first.Drop();

        FakeConnection second = await harness.Connector.WaitForConnectionAsync(2);
        IReadOnlyList<(string Topic, string Text)> published = await second.WaitForPublishesAsync(4);
        Assert.Equal([Pong(2), Pong(3), Pong(4), Ready], published.Select(p => p.Text));

        // Acknowledged on the second connection: the third only says ready.
        harness.Time.Advance(harness.Options.Reconnect.StableAfter);
        await harness.WaitUntilAsync(() => harness.Session.UnacknowledgedReplies == 0, "the second connection's PUBACKs to be counted");
        second.Drop();
        FakeConnection third = await harness.Connector.WaitForConnectionAsync(3);
        await third.WaitForPublishesAsync(1);
        await third.DeliverAsync(Request, Req(5));
        published = await third.WaitForPublishesAsync(2);
        Assert.Equal([Ready, Pong(5)], published.Select(p => p.Text));

        await third.DeliverAsync(Request, """{"type":"bye"}""");
        SessionSummary summary = await SessionHarness.FinishAsync(run);
        Assert.Equal(new SessionSummary("chan1", "client-left", 6, 2), summary);
        int[] sends = Enumerable.Range(0, 6)
            .Select(i => new[] { first, second, third }.Sum(c => c.Published.Count(p => p.Text == Pong(i)))).ToArray();
        Assert.Equal([1, 1, 2, 2, 2, 1], sends); // the three unacknowledged ones exactly once more, nothing else
    }

    [Fact]
    public async Task PubAckLaterThanThePublishTimeout_BreaksTheConnection_ResendsOnce_NoDuplicateLater()
    {
        var harness = new SessionHarness();
        (Task<SessionSummary> run, FakeConnection first) = await harness.StartReadyAsync();
        first.HoldAcks();
        await first.DeliverAsync(Request, Req(0));
        await first.WaitForPublishesAsync(2);

        // The watchdog looks every quarter of the 10 s timeout: not broken at 7.5 s, broken by 12.5 s.
        harness.Time.Advance(TimeSpan.FromSeconds(7.5));
        Assert.False(first.Aborted);
        harness.Time.Advance(TimeSpan.FromSeconds(5));
        Assert.True(first.Aborted);
        Assert.False(first.AckOldest()); // a PUBACK arriving now has nowhere to go: the connection is closed

        FakeConnection second = await harness.Connector.WaitForConnectionAsync(2);
        IReadOnlyList<(string Topic, string Text)> published = await second.WaitForPublishesAsync(2);
        Assert.Equal([Pong(0), Ready], published.Select(p => p.Text));
        Assert.Contains(harness.Logger.Entries, e => e.Message.Contains("not acknowledged within 10 s", StringComparison.Ordinal));

        harness.Time.Advance(harness.Options.Reconnect.StableAfter);
        await harness.WaitUntilAsync(() => harness.Session.UnacknowledgedReplies == 0, "the second connection's PUBACKs to be counted");
        second.Drop();
        FakeConnection third = await harness.Connector.WaitForConnectionAsync(3);
        await third.WaitForPublishesAsync(1);
        Assert.Equal([Ready], third.Published.Select(p => p.Text)); // not pending forever, not re-sent a third time

        await third.DeliverAsync(Request, """{"type":"bye"}""");
        Assert.Equal(2, (await SessionHarness.FinishAsync(run)).Reconnects);
    }

    [Fact]
    public async Task PubAckWithinTheTimeout_KeepsTheConnection()
    {
        var harness = new SessionHarness();
        (Task<SessionSummary> run, FakeConnection connection) = await harness.StartReadyAsync();
        connection.HoldAcks();
        await connection.DeliverAsync(Request, Req(0));
        await connection.WaitForPublishesAsync(2);
        harness.Time.Advance(TimeSpan.FromSeconds(9));
        connection.AckAll();
        await harness.WaitUntilAsync(() => harness.Session.UnacknowledgedReplies == 0, "the PUBACK to be processed");
        harness.Time.Advance(TimeSpan.FromSeconds(20));

        Assert.False(connection.Aborted);
        await connection.DeliverAsync(Request, """{"type":"bye"}""");
        Assert.Equal(0, (await SessionHarness.FinishAsync(run)).Reconnects);
    }

    [Fact]
    public async Task OversizeRequest_IsDroppedWithAWarning_AndTheSessionKeepsServing()
    {
        var harness = new SessionHarness();
        (Task<SessionSummary> run, FakeConnection connection) = await harness.StartReadyAsync();

        await connection.DeliverAsync(Request, new byte[SessionOptions.MaxRequestBytes + 1]);
        await connection.DeliverAsync(Request, Req(1));
        IReadOnlyList<(string Topic, string Text)> published = await connection.WaitForPublishesAsync(2);

        Assert.Equal([Ready, Pong(1)], published.Select(p => p.Text));
        Assert.False(connection.Closed.IsCompleted);
        Assert.Contains(harness.Logger.Entries, e => e.Message.Contains($"Dropped a {SessionOptions.MaxRequestBytes + 1}-byte request", StringComparison.Ordinal));
        await connection.DeliverAsync(Request, """{"type":"bye"}""");
        Assert.Equal(new SessionSummary("chan1", "client-left", 1, 0), await SessionHarness.FinishAsync(run));
    }

    [Fact]
    public async Task ByeBeforeReady_IsAnsweredAfterTheReady_WithByeClientLeft()
    {
        var harness = new SessionHarness();
        harness.Connector.HoldAcksOnNewConnections = true; // the ready's PUBACK is late: the session is not ready yet
        Task<SessionSummary> run = harness.Start(TimeSpan.FromMinutes(10));
        FakeConnection connection = await harness.Connector.WaitForConnectionAsync(1);
        await connection.WaitForPublishesAsync(1);

        await connection.DeliverAsync(Request, """{"type":"bye"}""");
        Assert.False(run.IsCompleted);
        connection.AckAll();

        SessionSummary summary = await SessionHarness.FinishAsync(run);
        Assert.Equal(new SessionSummary("chan1", "client-left", 0, 0), summary);
        Assert.Equal([Ready, """{"type":"bye","reason":"client-left"}"""], connection.Published.Select(p => p.Text));
        Assert.True(connection.DisconnectedCleanly);
    }

    [Fact]
    public async Task BusyHandler_InboxIsBounded_Qos1IsHeldBack_Qos0IsDropped()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var harness = new SessionHarness(handler: new GatedHandler(gate.Task));
        (Task<SessionSummary> run, FakeConnection connection) = await harness.StartReadyAsync();
        int capacity = harness.Options.InboxCapacity;
        byte[] Payload(int i) => Encoding.UTF8.GetBytes(Req(i));

        // The first request is in the (blocked) handler, the next `capacity` fill the inbox: all taken at once.
        for (int i = 0; i <= capacity; i++)
        {
            Assert.True(connection.OfferAsync(Request, Payload(i)).IsCompleted, $"request {i} should be taken at once");
        }

        ValueTask heldBack = connection.OfferAsync(Request, Payload(capacity + 1));
        Assert.False(heldBack.IsCompleted); // QoS 1 over the bound: not acknowledged until there is room
        Assert.True(connection.OfferAsync(Request, Payload(999), atMostOnce: true).IsCompleted); // QoS 0 over the bound: dropped
        Assert.Contains(harness.Logger.Entries, e => e.Message.Contains("QoS 0 requests over the bound are dropped", StringComparison.Ordinal));

        gate.SetResult();
        await heldBack.AsTask().WaitAsync(TimeSpan.FromSeconds(5));
        IReadOnlyList<(string Topic, string Text)> published = await connection.WaitForPublishesAsync(capacity + 3);
        Assert.Equal([Ready, .. Enumerable.Range(0, capacity + 2).Select(Pong)], published.Select(p => p.Text));

        await connection.DeliverAsync(Request, """{"type":"bye"}""");
        Assert.Equal(capacity + 2, (await SessionHarness.FinishAsync(run)).RequestsServed);
    }

    private sealed class GatedHandler(Task gate) : Handlers.IChannelMessageHandler
    {
        public async ValueTask<ReadOnlyMemory<byte>?> HandleAsync(Handlers.ChannelRequestContext request, CancellationToken cancellationToken)
        {
            await gate;
            return Realtime.Channels.ChannelMessages.Pong(request.RequestId);
        }
    }
}
