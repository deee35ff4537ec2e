using Realtime.Lambda;

namespace ResponderFunction.Tests.Fakes;

public sealed class FakeLambdaContext(ILambdaLogger logger, TimeSpan remainingTime) : ILambdaContext
{
    public string AwsRequestId => "req-1";

    public string FunctionName => "ResponderFunction";

    public string FunctionVersion => "$LATEST";

    public string InvokedFunctionArn => "arn:aws:lambda:us-east-1:000000000000:function:ResponderFunction";

    public int MemoryLimitInMB => 512;

    public string? TraceId => null;

    public TimeSpan RemainingTime => remainingTime;

    public ILambdaLogger Logger => logger;
}
