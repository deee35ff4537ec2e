using System.Text;
using System.Text.Json;
using Realtime.Channels;
using Realtime.Lambda.TestUtilities;
using Realtime.Lambda;
using Realtime.TestSupport;
using ResponderFunction.Handlers;
using ResponderFunction.Sessions;
using ResponderFunction.Tests.Fakes;

namespace ResponderFunction.Tests;

public sealed class ResponderHandlerTests
{
    private readonly ManualTimeProvider _time = new();
    private readonly FakeConnector _connector = new();
    private readonly TestLambdaLogger _logger = new();

    private ResponderHandler CreateHandler() => new(
        TopicPrefix.Default,
        new SessionOptions { IdleTime = TimeSpan.FromSeconds(30), DeadlineMargin = TimeSpan.FromSeconds(5) },
        _connector,
        new PongHandler(),
        _time);

    private Task<SessionSummary> InvokeAsync(string json)
        => CreateHandler().HandleAsync(
            Encoding.UTF8.GetBytes(json), new TestLambdaContext { Logger = _logger, RemainingTime = TimeSpan.FromMinutes(5) });

    public static TheoryData<string> HostileTriggers() => new()
    {
        """{"channelId":"+"}""",
        """{"channelId":"#"}""",
        """{"channelId":"a/b"}""",
        """{"channelId":""}""",
        "{\"channelId\":\"" + new string('a', 65) + "\"}",
        """{"channelId":42}""",
        """{"channelId":null}""",
        """{}""",
        """[]""",
        "\"channelId\"",
        "null",
        """{"channelId":"abc","clientId":"client-someone-else"}""",
        """{"channelId":"0123456789abcdef0123","clientId":"n/a"}""",
        """{"channelId":"abc","channelId":"def"}""",
        "{\"channelId\":\"abc\",\"pad\":\"" + new string('x', 100_000) + "\"}",
        "not json",
        """{"channelId":""",
        "",
        "   ",
        """{"channelId":"\ud800"}""",
        """{"channelId":"a","clientId":"\udfff"}""",
    };

    [Theory]
    [MemberData(nameof(HostileTriggers))]
    public async Task HostileTrigger_IsRejectedWithASummaryAndNoConnection(string json)
    {
        SessionSummary summary = await InvokeAsync(json);

        Assert.Equal(new SessionSummary(null, "rejected", 0, 0), summary);
        Assert.Empty(_connector.Attempts);
        Assert.Contains(_logger.Entries, e => e.Level == LambdaLogLevel.Warning && e.Message.StartsWith("Trigger refused", StringComparison.Ordinal));
        Assert.Empty(_logger.Errors);
    }

    [Fact]
    public async Task ValidTriggerFromTheRule_ServesTheChannelOnItsTopics()
    {
        Task<SessionSummary> run = InvokeAsync("""{"channelId":"abc","clientId":"client-abc"}""");
        FakeConnection connection = await _connector.WaitForConnectionAsync(1);
        await connection.WaitForPublishesAsync(1);

        Assert.Equal(["foobar/abc/request"], connection.Subscriptions);
        await connection.DeliverAsync("foobar/abc/request", """{"type":"bye"}""");
        Assert.Equal(new SessionSummary("abc", "client-left", 0, 0), await run.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public void Summary_SerializesAsCamelCaseJson()
        => Assert.Equal(
            """{"channelId":"abc","reason":"idle","requestsServed":3,"reconnects":1}""",
            JsonSerializer.Serialize(new SessionSummary("abc", "idle", 3, 1), ResponderJsonContext.Default.SessionSummary));
}
