using Realtime.Lambda.TestUtilities;
using Realtime.TestSupport;

namespace Realtime.Lambda.Tests.Context;

public sealed class LambdaContextTests
{
    private static readonly DateTimeOffset s_now = new(2026, 3, 10, 12, 0, 0, TimeSpan.Zero);
    private static readonly FunctionSettings s_settings = new("SessionFunction", "3", 256, LambdaLogFormat.Text, LambdaLogLevel.Trace);
    private readonly ManualTimeProvider _time = new(s_now);
    private readonly TestLambdaLogger _logger = new();

    [Fact]
    public void Create_MapsHeadersAndSettings()
    {
        var context = LambdaContext.Create(Invocation(), s_settings, _logger, _time);

        Assert.Equal("req-1", context.AwsRequestId);
        Assert.Equal("arn:aws:lambda:us-east-1:000000000000:function:SessionFunction", context.InvokedFunctionArn);
        Assert.Equal("Root=1-abc", context.TraceId);
        Assert.Equal("SessionFunction", context.FunctionName);
        Assert.Equal("3", context.FunctionVersion);
        Assert.Equal(256, context.MemoryLimitInMB);
        Assert.Same(_logger, context.Logger);
    }

    [Fact]
    public void RemainingTime_FollowsTheClock_AndNeverGoesNegative()
    {
        var context = LambdaContext.Create(Invocation(), s_settings, _logger, _time);
        Assert.Equal(TimeSpan.FromSeconds(3), context.RemainingTime);

        _time.Advance(TimeSpan.FromMilliseconds(2500));
        Assert.Equal(TimeSpan.FromMilliseconds(500), context.RemainingTime);

        _time.Advance(TimeSpan.FromMilliseconds(7500));
        Assert.Equal(TimeSpan.Zero, context.RemainingTime);
    }

    [Fact]
    public void Create_WithoutTraceHeader_HasNullTraceId()
    {
        var context = LambdaContext.Create(Invocation(without: "Lambda-Runtime-Trace-Id"), s_settings, _logger, _time);

        Assert.Null(context.TraceId);
    }

    [Theory]
    [InlineData("Lambda-Runtime-Deadline-Ms")]
    [InlineData("Lambda-Runtime-Invoked-Function-Arn")]
    public void Create_MissingRequiredHeader_ThrowsNamingIt(string header)
    {
        var error = Assert.Throws<RuntimeApiException>(() => LambdaContext.Create(Invocation(without: header), s_settings, _logger, _time));

        Assert.Contains(header, error.Message);
    }

    [Theory]
    [InlineData("soon")]
    [InlineData("-1")]
    [InlineData("99999999999999999999")]
    public void Create_MalformedDeadline_ThrowsNamingTheHeader(string value)
    {
        var headers = Headers();
        headers["Lambda-Runtime-Deadline-Ms"] = value;

        var error = Assert.Throws<RuntimeApiException>(
            () => LambdaContext.Create(new RuntimeInvocation("req-1", headers, []), s_settings, _logger, _time));

        Assert.Contains("Lambda-Runtime-Deadline-Ms", error.Message);
    }

    private static RuntimeInvocation Invocation(string? without = null)
    {
        var headers = Headers();
        if (without is not null)
        {
            headers.Remove(without);
        }

        return new RuntimeInvocation("req-1", headers, []);
    }

    private static Dictionary<string, string> Headers() => new(StringComparer.OrdinalIgnoreCase)
    {
        ["lambda-runtime-aws-request-id"] = "req-1",
        ["Lambda-Runtime-Deadline-Ms"] = s_now.AddSeconds(3).ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Lambda-Runtime-Invoked-Function-Arn"] = "arn:aws:lambda:us-east-1:000000000000:function:SessionFunction",
        ["Lambda-Runtime-Trace-Id"] = "Root=1-abc",
    };
}
