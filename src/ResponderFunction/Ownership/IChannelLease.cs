namespace ResponderFunction.Ownership;

/// <summary>The right to serve one channel, held for the length of a session; disposing it releases the channel.</summary>
internal interface IChannelLease : IAsyncDisposable
{
    /// <summary>Cancelled when the lease is lost (taken over, or not renewed before it expired): the session must end.</summary>
    CancellationToken Lost { get; }
}
