namespace Realtime.Lambda.TestUtilities.Tests;

public sealed class TestLambdaLoggerTests
{
    [Fact]
    public void Log_CollectsEntriesWithLevels_AndBufferText()
    {
        var logger = new TestLambdaLogger();
        ILambdaLogger log = logger;

        log.LogInformation("one");
        log.LogError("two");

        Assert.Equal([new TestLogEntry(LambdaLogLevel.Information, "one"), new TestLogEntry(LambdaLogLevel.Error, "two")], logger.Entries);
        Assert.Equal($"one{Environment.NewLine}two{Environment.NewLine}", logger.Buffer);
    }

    [Fact]
    public void Errors_AreTheErrorAndCriticalMessages()
    {
        var logger = new TestLambdaLogger();

        logger.Log(LambdaLogLevel.Warning, "w");
        logger.Log(LambdaLogLevel.Error, "e");
        logger.Log(LambdaLogLevel.Critical, "c");

        Assert.Equal(["e", "c"], logger.Errors);
    }

    [Fact]
    public void Entries_IsASnapshot_ThatLaterLogsDoNotChange()
    {
        var logger = new TestLambdaLogger();
        logger.Log(LambdaLogLevel.Information, "before");

        IReadOnlyList<TestLogEntry> snapshot = logger.Entries;
        logger.Log(LambdaLogLevel.Information, "after");

        Assert.Equal("before", Assert.Single(snapshot).Message);
        Assert.Equal(2, logger.Entries.Count);
    }

    [Fact]
    public async Task Log_FromManyThreads_KeepsEveryEntry()
    {
        var logger = new TestLambdaLogger();
        const int Threads = 8, PerThread = 500;

        await Task.WhenAll(Enumerable.Range(0, Threads).Select(t => Task.Run(() =>
        {
            for (int i = 0; i < PerThread; i++)
            {
                logger.Log(LambdaLogLevel.Debug, $"{t}:{i}");
            }
        })));

        Assert.Equal(Threads * PerThread, logger.Entries.Select(e => e.Message).Distinct().Count());
        Assert.Equal(Threads * PerThread, logger.Buffer.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries).Length);
    }
}
