using Realtime.Lambda.TestUtilities;

namespace Realtime.Lambda.Tests.TestUtilities;

public sealed class TestUtilitiesTests
{
    [Fact]
    public void TestLambdaLogger_CollectsEntriesWithLevels_AndBufferText()
    {
        var logger = new TestLambdaLogger();
        ILambdaLogger log = logger;

        log.LogInformation("one");
        log.LogError("two");

        Assert.Equal([new TestLogEntry(LambdaLogLevel.Information, "one"), new TestLogEntry(LambdaLogLevel.Error, "two")], logger.Entries);
        Assert.Equal($"one{Environment.NewLine}two{Environment.NewLine}", logger.Buffer);
    }

    [Fact]
    public void TestLambdaLogger_Errors_AreTheErrorAndCriticalMessages()
    {
        var logger = new TestLambdaLogger();

        logger.Log(LambdaLogLevel.Warning, "w");
        logger.Log(LambdaLogLevel.Error, "e");
        logger.Log(LambdaLogLevel.Critical, "c");

        Assert.Equal(["e", "c"], logger.Errors);
    }

    [Fact]
    public void TestLambdaContext_IsSettable_AndLogsToATestLogger()
    {
        var context = new TestLambdaContext { AwsRequestId = "r", RemainingTime = TimeSpan.FromSeconds(2) };

        context.Logger.LogWarning("w");

        Assert.Equal("r", context.AwsRequestId);
        Assert.Equal(TimeSpan.FromSeconds(2), context.RemainingTime);
        Assert.Equal("w", Assert.Single(((TestLambdaLogger)context.Logger).Entries).Message);
    }

    [Fact]
    public void DictionaryEnvironmentVariables_GetSetAndRemove()
    {
        var env = new DictionaryEnvironmentVariables(new Dictionary<string, string> { ["A"] = "1" }) { ["B"] = "2" };

        env["A"] = null;

        Assert.Null(env.Get("A"));
        Assert.Equal("2", env.Get("B"));
        Assert.Null(env.Get("b"));
    }
}
