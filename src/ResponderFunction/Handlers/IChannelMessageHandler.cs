namespace ResponderFunction.Handlers;

/// <summary>
/// Your application logic: called once per request on the channel's request topic, one request at a time, in arrival order.
/// Replace <see cref="PongHandler"/> with your own implementation in <c>ResponderStartup</c>.
/// </summary>
internal interface IChannelMessageHandler
{
    /// <summary>
    /// Returns the reply to publish on the response topic (QoS 1; re-sent after a reconnect until acknowledged), or null to
    /// send nothing. An exception ends the session with <c>bye</c>/<c>error</c>. <paramref name="cancellationToken"/> fires when
    /// the connection that delivered the request goes away.
    /// </summary>
    ValueTask<ReadOnlyMemory<byte>?> HandleAsync(ChannelRequestContext request, CancellationToken cancellationToken);
}
