namespace Realtime.Lambda.TestUtilities.Tests;

public sealed class TestLambdaContextTests
{
    [Fact]
    public void Defaults_LookLikeALambdaInvocation()
    {
        ILambdaContext context = new TestLambdaContext();

        Assert.Equal("test-function", context.FunctionName);
        Assert.Equal("$LATEST", context.FunctionVersion);
        Assert.EndsWith(":function:test-function", context.InvokedFunctionArn, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromSeconds(30), context.RemainingTime);
        Assert.IsType<TestLambdaLogger>(context.Logger);
    }

    [Fact]
    public void IsSettable_AndLogsToATestLogger()
    {
        var context = new TestLambdaContext { AwsRequestId = "r", RemainingTime = TimeSpan.FromSeconds(2) };

        context.Logger.LogWarning("w");

        Assert.Equal("r", context.AwsRequestId);
        Assert.Equal(TimeSpan.FromSeconds(2), context.RemainingTime);
        Assert.Equal("w", Assert.Single(((TestLambdaLogger)context.Logger).Entries).Message);
    }
}
