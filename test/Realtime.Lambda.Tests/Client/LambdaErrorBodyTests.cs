using System.Text.Json;

namespace Realtime.Lambda.Tests.Client;

public sealed class LambdaErrorBodyTests
{
    [Fact]
    public void From_ThrownException_HasTypeMessageAndOneFramePerEntry()
    {
        Exception thrown = Capture(() => throw new InvalidOperationException("boom"));

        LambdaErrorBody body = LambdaErrorBody.From(thrown);

        Assert.Equal("InvalidOperationException", body.ErrorType);
        Assert.Equal("boom", body.ErrorMessage);
        Assert.NotEmpty(body.StackTrace);
        Assert.All(body.StackTrace, frame => Assert.StartsWith("at ", frame));
    }

    [Fact]
    public void Serialize_UsesTheRuntimeApiFieldNames()
    {
        var body = new LambdaErrorBody("LambdaConfigurationException", "AWS_REGION is not set.", ["at A.B()"]);

        string json = JsonSerializer.Serialize(body, RuntimeApiJsonContext.Default.LambdaErrorBody);

        Assert.Equal("{\"errorType\":\"LambdaConfigurationException\",\"errorMessage\":\"AWS_REGION is not set.\",\"stackTrace\":[\"at A.B()\"]}", json);
    }

    [Fact]
    public void From_NeverThrownException_HasAnEmptyStackTrace()
    {
        Assert.Empty(LambdaErrorBody.From(new LambdaConfigurationException("X is not set.")).StackTrace);
    }

    private static Exception Capture(Action action)
    {
        try
        {
            action();
        }
        catch (Exception ex)
        {
            return ex;
        }

        throw new InvalidOperationException("expected an exception");
    }
}
