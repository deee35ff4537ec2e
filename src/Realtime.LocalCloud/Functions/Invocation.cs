namespace Realtime.LocalCloud.Functions;

/// <summary>One pending invocation: the event, its ids, and the completion the caller awaits.</summary>
internal sealed class Invocation
{
    private readonly TaskCompletionSource<InvocationResult> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Invocation(byte[] payload)
    {
        Payload = payload;
        RequestId = Guid.NewGuid().ToString();
        TraceId = $"Root=1-{DateTimeOffset.UtcNow.ToUnixTimeSeconds():x8}-{System.Security.Cryptography.RandomNumberGenerator.GetHexString(24, lowercase: true)};Sampled=0";
    }

    public string RequestId { get; }

    public string TraceId { get; }

    public byte[] Payload { get; }

    public Task<InvocationResult> Completion => _completion.Task;

    /// <summary>Completes the invocation once; later calls (a late response after a timeout) return false.</summary>
    public bool TryComplete(InvocationResult result) => _completion.TrySetResult(result);
}
