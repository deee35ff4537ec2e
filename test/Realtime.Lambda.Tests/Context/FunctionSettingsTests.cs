using Realtime.Lambda.TestUtilities;

namespace Realtime.Lambda.Tests.Context;

public sealed class FunctionSettingsTests
{
    [Fact]
    public void From_ReadsLambdasVariables()
    {
        var env = new DictionaryEnvironmentVariables
        {
            ["AWS_LAMBDA_FUNCTION_NAME"] = "SessionFunction",
            ["AWS_LAMBDA_FUNCTION_VERSION"] = "7",
            ["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] = "512",
            ["AWS_LAMBDA_LOG_FORMAT"] = "json",
            ["AWS_LAMBDA_LOG_LEVEL"] = "WARN",
        };

        Assert.Equal(
            new FunctionSettings("SessionFunction", "7", 512, LambdaLogFormat.Json, LambdaLogLevel.Warning),
            FunctionSettings.From(env));
    }

    [Fact]
    public void From_EmptyEnvironment_UsesTextFormatAndLogsEverything()
    {
        Assert.Equal(
            new FunctionSettings("", "$LATEST", 0, LambdaLogFormat.Text, LambdaLogLevel.Trace),
            FunctionSettings.From(new DictionaryEnvironmentVariables()));
    }

    [Fact]
    public void From_UnparsableValues_FallBackToDefaults()
    {
        var env = new DictionaryEnvironmentVariables
        {
            ["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] = "-5",
            ["AWS_LAMBDA_LOG_FORMAT"] = "Text",
            ["AWS_LAMBDA_LOG_LEVEL"] = "verbose",
        };

        FunctionSettings settings = FunctionSettings.From(env);

        Assert.Equal(0, settings.MemoryLimitInMB);
        Assert.Equal(LambdaLogFormat.Text, settings.LogFormat);
        Assert.Equal(LambdaLogLevel.Trace, settings.MinimumLevel);
    }
}
