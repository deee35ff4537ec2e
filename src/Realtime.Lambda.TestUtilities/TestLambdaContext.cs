namespace Realtime.Lambda.TestUtilities;

/// <summary>An <see cref="ILambdaContext"/> with settable properties for unit tests; mirrors Amazon.Lambda.TestUtilities.</summary>
public sealed class TestLambdaContext : ILambdaContext
{
    /// <inheritdoc />
    public string AwsRequestId { get; set; } = "00000000-0000-0000-0000-000000000001";

    /// <inheritdoc />
    public string FunctionName { get; set; } = "test-function";

    /// <inheritdoc />
    public string FunctionVersion { get; set; } = "$LATEST";

    /// <inheritdoc />
    public string InvokedFunctionArn { get; set; } = "arn:aws:lambda:us-east-1:000000000000:function:test-function";

    /// <inheritdoc />
    public int MemoryLimitInMB { get; set; } = 512;

    /// <inheritdoc />
    public string? TraceId { get; set; }

    /// <summary>Time left until the deadline; a fixed value (default 30 s) that tests set as needed.</summary>
    public TimeSpan RemainingTime { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The logger; a <see cref="TestLambdaLogger"/> unless replaced.</summary>
    public ILambdaLogger Logger { get; set; } = new TestLambdaLogger();
}
