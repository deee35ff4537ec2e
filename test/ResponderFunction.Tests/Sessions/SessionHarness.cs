using Realtime.Channels;
using Realtime.Lambda.TestUtilities;
using Realtime.TestSupport;
using ResponderFunction.Handlers;
using ResponderFunction.Sessions;
using ResponderFunction.Tests.Fakes;

namespace ResponderFunction.Tests.Sessions;

/// <summary>A session over a fake connector and a manual clock: idle 30 s, margin 5 s, the default reconnect policy.</summary>
internal sealed class SessionHarness
{
    public static readonly ChannelId Channel = ChannelId.Parse("chan1");
    public static readonly ChannelTopics Topics = ChannelTopics.For(TopicPrefix.Default, Channel);

    public SessionHarness(SessionOptions? options = null, IChannelMessageHandler? handler = null)
    {
        Options = options ?? new SessionOptions { IdleTime = TimeSpan.FromSeconds(30), DeadlineMargin = TimeSpan.FromSeconds(5) };
        Session = new ChannelSession(Channel, Topics, Options, Connector, handler ?? new PongHandler(), Time, Logger);
    }

    public ManualTimeProvider Time { get; } = new();

    public FakeConnector Connector { get; } = new();

    public TestLambdaLogger Logger { get; } = new();

    public SessionOptions Options { get; }

    public ChannelSession Session { get; }

    public Task<SessionSummary> Start(TimeSpan remaining) => Task.Run(() => Session.RunAsync(remaining));

    /// <summary>Starts with 10 minutes left and waits for the first connection's ready.</summary>
    public async Task<(Task<SessionSummary> Run, FakeConnection Connection)> StartReadyAsync(TimeSpan? remaining = null)
    {
        Task<SessionSummary> run = Start(remaining ?? TimeSpan.FromMinutes(10));
        FakeConnection connection = await Connector.WaitForConnectionAsync(1);
        await connection.WaitForPublishesAsync(1);
        await Time.WaitForScheduledAsync(Options.IdleTime); // the idle clock starts right after ready
        return (run, connection);
    }

    /// <summary>Waits (really, bounded to 5 s) until <paramref name="condition"/> holds: for effects that complete asynchronously.</summary>
    public async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var limit = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            if (limit.Elapsed > TimeSpan.FromSeconds(5))
            {
                throw new TimeoutException($"Timed out waiting for {what}.");
            }

            await Task.Delay(1);
        }
    }

    public static async Task<SessionSummary> FinishAsync(Task<SessionSummary> run)
        => await run.WaitAsync(TimeSpan.FromSeconds(5));
}
