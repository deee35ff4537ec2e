using ResponderFunction.Transport;

namespace ResponderFunction.Sessions;

/// <summary>
/// One connection of a session as the request loop sees it: requests that arrived on it are served only once it said ready
/// (so a reply or the answer to a bye never comes before the ready), and are dropped once it is lost (the client re-sends
/// what has no reply after the next ready).
/// </summary>
internal sealed class ConnectionSlot(int number)
{
    private readonly TaskCompletionSource<bool> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _lost = new();

    public int Number { get; } = number;

    /// <summary>True once ready was acknowledged on this connection; false when it was lost before (or after) that.</summary>
    public Task<bool> Ready => _ready.Task;

    /// <summary>Fires when the connection is lost: the handler's token for requests that arrived on it.</summary>
    public CancellationToken Lost => _lost.Token;

    public bool IsLost => _lost.IsCancellationRequested;

    public void MarkReady() => _ready.TrySetResult(true);

    public void MarkLost()
    {
        _ready.TrySetResult(false);
        _lost.Cancel();
    }
}
