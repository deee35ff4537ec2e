namespace ResponderFunction.Handlers;

/// <summary>The sample handler: answers every request with <c>{"type":"pong","message":"PONG","requestId":..}</c>.</summary>
internal sealed class PongHandler : IChannelMessageHandler
{
    public ValueTask<ReadOnlyMemory<byte>?> HandleAsync(ChannelRequestContext request, CancellationToken cancellationToken)
        => ValueTask.FromResult<ReadOnlyMemory<byte>?>(Realtime.Channels.ChannelMessages.Pong(request.RequestId));
}
