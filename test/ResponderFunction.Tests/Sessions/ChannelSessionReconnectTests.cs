using ResponderFunction.Sessions;
using ResponderFunction.Tests.Fakes;
using ResponderFunction.Transport;

namespace ResponderFunction.Tests.Sessions;

public sealed class ChannelSessionReconnectTests
{
    private static readonly string Request = SessionHarness.Topics.Request;
    private static readonly string Response = SessionHarness.Topics.Response;
    private const string Ready = """{"type":"ready","channelId":"chan1","idleSeconds":30}""";

    [Fact]
    public async Task Drop_ReconnectsWithNewClientIdResubscribesAndSaysReadyAgain()
    {
        var harness = new SessionHarness();
        (Task<SessionSummary> run, FakeConnection first) = await harness.StartReadyAsync();

        first.Drop();
        FakeConnection second = await harness.Connector.WaitForConnectionAsync(2);
        await second.WaitForPublishesAsync(1);

        Assert.NotEqual(first.ClientId, second.ClientId);
        Assert.Matches("^responder-chan1-[0-9a-f]{8}$", second.ClientId);
        Assert.Equal([Request], second.Subscriptions);
        Assert.Equal((Response, Ready), second.Published[0]);

        await second.DeliverAsync(Request, """{"requestId":"after"}""");
        await second.DeliverAsync(Request, """{"type":"bye"}""");
        SessionSummary summary = await SessionHarness.FinishAsync(run);
        Assert.Equal(new SessionSummary("chan1", "client-left", 1, 1), summary);
        Assert.Empty(harness.Logger.Errors);
    }

    [Fact]
    public async Task Drop_UnacknowledgedPongsAreResentBeforeReady()
    {
        var harness = new SessionHarness();
        harness.Connector.HoldAcksOnNewConnections = true;
        Task<SessionSummary> run = harness.Start(TimeSpan.FromMinutes(10));
        FakeConnection first = await harness.Connector.WaitForConnectionAsync(1);
        await first.WaitForPublishesAsync(1);
        first.AckAll(); // ready acknowledged; the pongs below are not

        harness.Connector.HoldAcksOnNewConnections = false;
        first.HoldAcks();
        Task delivery1 = first.DeliverAsync(Request, """{"requestId":"a"}""");
        await first.WaitForPublishesAsync(2);
        first.Drop();
        await delivery1.WaitAsync(TimeSpan.FromSeconds(5));

        FakeConnection second = await harness.Connector.WaitForConnectionAsync(2);
        var published = await second.WaitForPublishesAsync(2);

        Assert.Equal((Response, """{"type":"pong","message":"PONG","requestId":"a"}"""), published[0]);
        Assert.Equal((Response, Ready), published[1]);

        // Acknowledged on the new connection: a second drop does not send it a third time. (After a stable connection, so the
        // reconnect is immediate again.)
        harness.Time.Advance(harness.Options.Reconnect.StableAfter);
        second.Drop();
        FakeConnection third = await harness.Connector.WaitForConnectionAsync(3);
        await third.WaitForPublishesAsync(1);
        Assert.Equal([(Response, Ready)], third.Published);

        await third.DeliverAsync(Request, """{"type":"bye"}""");
        Assert.Equal(2, (await SessionHarness.FinishAsync(run)).Reconnects);
    }

    [Fact]
    public async Task ConnectFailures_AreRetriedWithExponentialBackoff()
    {
        var harness = new SessionHarness();
        harness.Connector.FailNext(3);
        Task<SessionSummary> run = harness.Start(TimeSpan.FromMinutes(10));

        await harness.Connector.WaitForAttemptsAsync(1);
        await harness.Time.AdvanceToScheduledAsync(TimeSpan.FromMilliseconds(250));
        await harness.Connector.WaitForAttemptsAsync(2);
        await harness.Time.AdvanceToScheduledAsync(TimeSpan.FromMilliseconds(500));
        await harness.Connector.WaitForAttemptsAsync(3);
        await harness.Time.AdvanceToScheduledAsync(TimeSpan.FromMilliseconds(1000));
        FakeConnection connection = await harness.Connector.WaitForConnectionAsync(1);
        await connection.WaitForPublishesAsync(1);

        Assert.Equal(4, harness.Connector.Attempts.Count);
        Assert.Equal(4, harness.Connector.Attempts.Select(a => a.ClientId).Distinct().Count());
        await connection.DeliverAsync(Request, """{"type":"bye"}""");
        Assert.Equal(0, (await SessionHarness.FinishAsync(run)).Reconnects); // the first connection is not a reconnect
    }

    [Fact]
    public async Task ConnectFailures_GiveUpBeforeTheDeadline()
    {
        var harness = new SessionHarness(new() { IdleTime = TimeSpan.FromSeconds(30), DeadlineMargin = TimeSpan.FromSeconds(1) });
        harness.Connector.FailAlways = new ChannelConnectionException("refused", isPermanent: false);
        DateTimeOffset start = harness.Time.GetUtcNow();
        Task<SessionSummary> run = harness.Start(TimeSpan.FromSeconds(3)); // deadline: start + 2 s

        await harness.Connector.WaitForAttemptsAsync(1);
        await harness.Time.AdvanceToScheduledAsync(TimeSpan.FromMilliseconds(250));
        await harness.Connector.WaitForAttemptsAsync(2);
        await harness.Time.AdvanceToScheduledAsync(TimeSpan.FromMilliseconds(500));
        await harness.Connector.WaitForAttemptsAsync(3);
        await harness.Time.AdvanceToScheduledAsync(TimeSpan.FromMilliseconds(1000)); // t = 1.75 s; the next wait (2 s) passes the deadline

        SessionSummary summary = await SessionHarness.FinishAsync(run);
        Assert.Equal("error", summary.Reason);
        Assert.Equal(4, harness.Connector.Attempts.Count);
        Assert.True(harness.Time.GetUtcNow() - start < TimeSpan.FromSeconds(2));
        Assert.Contains(harness.Logger.Errors, e => e.Contains("would pass the deadline"));
    }

    [Fact]
    public async Task ReconnectFailures_StopAfterMaxAttempts()
    {
        var policy = new ReconnectPolicy(3, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5));
        var harness = new SessionHarness(new() { IdleTime = TimeSpan.FromSeconds(30), DeadlineMargin = TimeSpan.FromSeconds(5), Reconnect = policy });
        (Task<SessionSummary> run, FakeConnection first) = await harness.StartReadyAsync();

        harness.Connector.FailAlways = new ChannelConnectionException("refused", isPermanent: false);
        first.Drop();
        await harness.Connector.WaitForAttemptsAsync(2);
        await harness.Time.AdvanceToScheduledAsync(TimeSpan.FromMilliseconds(100));
        await harness.Connector.WaitForAttemptsAsync(3);
        await harness.Time.AdvanceToScheduledAsync(TimeSpan.FromMilliseconds(200));

        SessionSummary summary = await SessionHarness.FinishAsync(run);
        Assert.Equal(new SessionSummary("chan1", "error", 0, 0), summary);
        Assert.Equal(4, harness.Connector.Attempts.Count);
        Assert.Contains(harness.Logger.Errors, e => e.Contains("after 3 attempts"));
    }

    [Fact]
    public async Task PermanentFailure_EndsAtOnceWithError()
    {
        var harness = new SessionHarness();
        harness.Connector.FailNext(1, permanent: true);

        SessionSummary summary = await SessionHarness.FinishAsync(harness.Start(TimeSpan.FromMinutes(10)));

        Assert.Equal("error", summary.Reason);
        Assert.Single(harness.Connector.Attempts);
    }

    [Fact]
    public async Task ReconnectBackoffPastTheDeadline_GivesUpWithError()
    {
        var policy = new ReconnectPolicy(8, TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(5));
        var harness = new SessionHarness(new() { IdleTime = TimeSpan.FromSeconds(30), DeadlineMargin = TimeSpan.FromSeconds(5), Reconnect = policy });
        (Task<SessionSummary> run, FakeConnection first) = await harness.StartReadyAsync(TimeSpan.FromSeconds(60));

        harness.Connector.FailAlways = new ChannelConnectionException("refused", isPermanent: false);
        harness.Time.Advance(TimeSpan.FromSeconds(20));
        first.Drop();
        await harness.Connector.WaitForAttemptsAsync(2);
        await harness.Time.AdvanceToScheduledAsync(TimeSpan.FromSeconds(20)); // t = 40 s: attempt 3; the next wait passes 55 s
        await harness.Connector.WaitForAttemptsAsync(3);

        SessionSummary summary = await SessionHarness.FinishAsync(run);
        Assert.Equal("error", summary.Reason);
        Assert.Equal(3, harness.Connector.Attempts.Count);
    }

    [Fact]
    public async Task IdleClock_PausesWhileDisconnected()
    {
        var policy = new ReconnectPolicy(8, TimeSpan.FromSeconds(40), TimeSpan.FromSeconds(40), TimeSpan.FromSeconds(5));
        var harness = new SessionHarness(new() { IdleTime = TimeSpan.FromSeconds(30), DeadlineMargin = TimeSpan.FromSeconds(5), Reconnect = policy });
        (Task<SessionSummary> run, FakeConnection first) = await harness.StartReadyAsync();

        harness.Connector.FailNext(1);
        first.Drop();
        await harness.Connector.WaitForAttemptsAsync(2);
        await harness.Time.AdvanceToScheduledAsync(TimeSpan.FromSeconds(40)); // longer than the idle time
        FakeConnection second = await harness.Connector.WaitForConnectionAsync(2);
        await second.WaitForPublishesAsync(1);

        Assert.False(run.IsCompleted);
        await harness.Time.AdvanceToScheduledAsync(TimeSpan.FromSeconds(30));
        Assert.Equal("idle", (await SessionHarness.FinishAsync(run)).Reason);
    }

    [Fact]
    public async Task QuickDrops_ContinueTheBackoff_AndEndWithErrorWhenTheAttemptsAreUsedUp()
    {
        // A broker that accepts and drops at once: without this, every drop restarted the backoff at "immediately".
        var policy = new ReconnectPolicy(4, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5));
        var harness = new SessionHarness(new() { IdleTime = TimeSpan.FromSeconds(30), DeadlineMargin = TimeSpan.FromSeconds(5), Reconnect = policy });
        (Task<SessionSummary> run, FakeConnection first) = await harness.StartReadyAsync();

        first.Drop(); // the first drop reconnects at once
        FakeConnection current = await ReadyConnectionAsync(harness, 2);
        int number = 2;
        foreach (int delayMs in new[] { 100, 200, 400 })
        {
            current.Drop();
            Assert.False(harness.Connector.Attempts.Count > number, "reconnected without waiting");
            await harness.Time.AdvanceToScheduledAsync(TimeSpan.FromMilliseconds(delayMs));
            current = await ReadyConnectionAsync(harness, ++number);
        }

        current.Drop(); // the fifth quick drop: all 4 attempts of this outage are used up

        SessionSummary summary = await SessionHarness.FinishAsync(run);
        Assert.Equal(new SessionSummary("chan1", "error", 0, 4), summary);
        Assert.Equal(5, harness.Connector.Attempts.Count);
        Assert.Contains(harness.Logger.Errors, e => e.Contains("dropped within 10 s", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DropAfterAStableConnection_ReconnectsAtOnceAgain()
    {
        var policy = new ReconnectPolicy(4, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5));
        var harness = new SessionHarness(new() { IdleTime = TimeSpan.FromSeconds(30), DeadlineMargin = TimeSpan.FromSeconds(5), Reconnect = policy });
        (Task<SessionSummary> run, FakeConnection first) = await harness.StartReadyAsync();

        first.Drop();
        FakeConnection second = await ReadyConnectionAsync(harness, 2);
        second.Drop(); // quick: 100 ms backoff
        await harness.Time.AdvanceToScheduledAsync(TimeSpan.FromMilliseconds(100));
        FakeConnection third = await ReadyConnectionAsync(harness, 3);

        harness.Time.Advance(policy.StableAfter); // up for 10 s: the next drop is a new outage
        third.Drop();
        FakeConnection fourth = await ReadyConnectionAsync(harness, 4);

        await fourth.DeliverAsync(Request, """{"type":"bye"}""");
        Assert.Equal(3, (await SessionHarness.FinishAsync(run)).Reconnects);
        Assert.Empty(harness.Logger.Errors);
    }

    private static async Task<FakeConnection> ReadyConnectionAsync(SessionHarness harness, int number)
    {
        FakeConnection connection = await harness.Connector.WaitForConnectionAsync(number);
        await connection.WaitForPublishesAsync(1);
        return connection;
    }
}
