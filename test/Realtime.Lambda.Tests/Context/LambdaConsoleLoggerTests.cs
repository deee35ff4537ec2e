using Realtime.TestSupport;

namespace Realtime.Lambda.Tests.Context;

public sealed class LambdaConsoleLoggerTests
{
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));
    private readonly StringWriter _output = new();

    [Fact]
    public void Log_WritesOneLinePerEvent_TaggedWithTheCurrentRequest()
    {
        var logger = new LambdaConsoleLogger(_output, LambdaLogFormat.Text, LambdaLogLevel.Trace, _time);

        logger.Log(LambdaLogLevel.Information, "during init");
        logger.RequestId = "req-7";
        ((ILambdaLogger)logger).LogWarning("two\nlines");

        Assert.Equal(
            ["2026-01-02T03:04:05.000Z\t\tINFO\tduring init", "2026-01-02T03:04:05.000Z\treq-7\tWARN\ttwo\\nlines"],
            Lines());
    }

    [Fact]
    public void Log_BelowTheMinimumLevel_IsDropped()
    {
        var logger = new LambdaConsoleLogger(_output, LambdaLogFormat.Json, LambdaLogLevel.Warning, _time);

        logger.Log(LambdaLogLevel.Information, "quiet");
        logger.Log(LambdaLogLevel.Error, "loud");

        string line = Assert.Single(Lines());
        Assert.Contains("\"message\":\"loud\"", line);
    }

    private string[] Lines() => _output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
