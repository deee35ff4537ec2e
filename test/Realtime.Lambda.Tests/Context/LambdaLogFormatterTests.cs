using System.Text.Json;

namespace Realtime.Lambda.Tests.Context;

public sealed class LambdaLogFormatterTests
{
    private static readonly DateTimeOffset s_time = new(2026, 3, 10, 5, 16, 23, 45, TimeSpan.Zero);

    [Fact]
    public void Text_IsTimestampRequestIdLevelMessage_TabSeparated()
    {
        string line = LambdaLogFormatter.FormatText(s_time, "req-1", LambdaLogLevel.Information, "hello");

        Assert.Equal("2026-03-10T05:16:23.045Z\treq-1\tINFO\thello", line);
    }

    [Fact]
    public void Text_WithoutRequestId_KeepsTheEmptyColumn()
    {
        Assert.Equal("2026-03-10T05:16:23.045Z\t\tWARN\tm", LambdaLogFormatter.FormatText(s_time, null, LambdaLogLevel.Warning, "m"));
    }

    [Fact]
    public void Text_MultiLineMessage_StaysOneLine()
    {
        string line = LambdaLogFormatter.FormatText(s_time, "r", LambdaLogLevel.Error, "first\r\nsecond\nthird\rfourth");

        Assert.Equal("2026-03-10T05:16:23.045Z\tr\tERROR\tfirst\\nsecond\\nthird\\nfourth", line);
    }

    [Fact]
    public void Json_HasTheFourFieldsInOrder()
    {
        string line = LambdaLogFormatter.FormatJson(s_time, "req-1", LambdaLogLevel.Debug, "a \"quoted\" <tag>");

        Assert.Equal(
            "{\"timestamp\":\"2026-03-10T05:16:23.045Z\",\"level\":\"DEBUG\",\"message\":\"a \\\"quoted\\\" <tag>\",\"requestId\":\"req-1\"}",
            line);
    }

    [Fact]
    public void Json_MultiLineMessage_IsEscapedAndRoundTrips()
    {
        string line = LambdaLogFormatter.FormatJson(s_time, null, LambdaLogLevel.Critical, "a\nb\tc");

        Assert.DoesNotContain('\n', line);
        using JsonDocument json = JsonDocument.Parse(line);
        Assert.Equal("a\nb\tc", json.RootElement.GetProperty("message").GetString());
        Assert.Equal("FATAL", json.RootElement.GetProperty("level").GetString());
        Assert.False(json.RootElement.TryGetProperty("requestId", out _));
    }

    [Theory]
    [InlineData(LambdaLogLevel.Trace, "TRACE")]
    [InlineData(LambdaLogLevel.Debug, "DEBUG")]
    [InlineData(LambdaLogLevel.Information, "INFO")]
    [InlineData(LambdaLogLevel.Warning, "WARN")]
    [InlineData(LambdaLogLevel.Error, "ERROR")]
    [InlineData(LambdaLogLevel.Critical, "FATAL")]
    public void LevelNames_AreLambdas_AndParseBack(LambdaLogLevel level, string name)
    {
        Assert.Equal(name, LogLevelNames.Name(level));
        Assert.True(LogLevelNames.TryParse(name.ToLowerInvariant(), out LambdaLogLevel parsed));
        Assert.Equal(level, parsed);
    }
}
