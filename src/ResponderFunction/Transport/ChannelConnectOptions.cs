namespace ResponderFunction.Transport;

/// <summary>One connection attempt.</summary>
/// <param name="ClientId">A client id used for this connection only (AWS IoT drops the older of two with the same id).</param>
/// <param name="ConnectTimeout">How long the WebSocket upgrade plus CONNECT/CONNACK may take.</param>
/// <param name="OnMessage">
/// Called for each incoming PUBLISH, one at a time, in order. The connection acknowledges a QoS 1 message (PUBACK) only when
/// the returned task completes, so a callback that waits holds the broker back; the token fires when the connection ends.
/// </param>
internal sealed record ChannelConnectOptions(
    string ClientId,
    TimeSpan ConnectTimeout,
    Func<InboundMessage, CancellationToken, ValueTask> OnMessage);
