namespace ResponderFunction.Transport;

/// <summary>Opens MQTT connections for a session: the I/O seam that lets tests drive a session without a broker.</summary>
internal interface IChannelConnector
{
    /// <summary>
    /// Connects with <paramref name="options"/>' client id. Throws <see cref="ChannelConnectionException"/> when the broker
    /// cannot be reached or refuses; <see cref="ChannelConnectionException.IsPermanent"/> says whether a retry can help.
    /// </summary>
    Task<IChannelConnection> ConnectAsync(ChannelConnectOptions options, CancellationToken cancellationToken);
}
