using System.Text;
using Realtime.Channels;
using Realtime.Lambda.TestUtilities;
using Realtime.TestSupport;
using ResponderFunction.Handlers;
using ResponderFunction.Ownership;
using ResponderFunction.Sessions;
using ResponderFunction.Tests.Fakes;

namespace ResponderFunction.Tests.Ownership;

/// <summary>The handler's use of the lease: no lease, no connection; the session ends when the lease is lost.</summary>
public sealed class ResponderHandlerLeaseTests
{
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(30);
    private readonly ManualTimeProvider _time = new();
    private readonly FakeConnector _connector = new();
    private readonly InMemoryLeaseStore _store = new();
    private readonly TestLambdaLogger _logger = new();

    private Task<SessionSummary> InvokeAsync(string requestId, string channel = "abc")
    {
        var handler = new ResponderHandler(
            TopicPrefix.Default,
            new SessionOptions { IdleTime = TimeSpan.FromMinutes(5), DeadlineMargin = TimeSpan.FromSeconds(5) },
            _connector,
            new PongHandler(),
            _time,
            new ChannelOwnership(_store, Duration, _time));
        return handler.HandleAsync(
            Encoding.UTF8.GetBytes($$"""{"channelId":"{{channel}}","clientId":"client-{{channel}}"}"""),
            new TestLambdaContext { Logger = _logger, RemainingTime = TimeSpan.FromMinutes(14), AwsRequestId = requestId });
    }

    [Fact]
    public async Task ATriggerForAServedChannel_StartsNoSecondSession()
    {
        Task<SessionSummary> first = InvokeAsync("req-1");
        FakeConnection connection = await _connector.WaitForConnectionAsync(1);
        await connection.WaitForPublishesAsync(1); // ready

        Task<SessionSummary> second = InvokeAsync("req-2");
        while (!second.IsCompleted)
        {
            _time.Advance(TimeSpan.FromMilliseconds(100)); // through the handover window
            await Task.Delay(1);
        }

        Assert.Equal(new SessionSummary("abc", ChannelOwnership.BusyReason, 0, 0), await second);
        Assert.Single(_connector.Attempts);
        Assert.Equal("req-1", _store.Lease("abc")!.Value.Owner);

        await connection.DeliverAsync("foobar/abc/request", """{"type":"bye"}""");
        Assert.Equal("client-left", (await first.WaitAsync(TimeSpan.FromSeconds(5))).Reason);
        Assert.Null(_store.Lease("abc")); // released: the next trigger may start a session at once
    }

    [Fact]
    public async Task ALostLease_EndsTheSessionWithByeError()
    {
        Task<SessionSummary> run = InvokeAsync("req-1");
        FakeConnection connection = await _connector.WaitForConnectionAsync(1);
        await connection.WaitForPublishesAsync(1);

        _store.Set("abc", "req-other", _time.GetUtcNow() + Duration); // someone took it over
        _time.Advance(Duration / 3); // the next renewal finds out

        SessionSummary summary = await run.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal("error", summary.Reason);
        Assert.Contains(_logger.Errors, e => e.Contains("Lost the lease of channel abc", StringComparison.Ordinal));
        Assert.Equal("req-other", _store.Lease("abc")!.Value.Owner);
    }
}
