namespace ResponderFunction.Transport;

/// <summary>One connection attempt.</summary>
/// <param name="ClientId">A client id used for this connection only (AWS IoT drops the older of two with the same id).</param>
/// <param name="ConnectTimeout">How long the WebSocket upgrade plus CONNECT/CONNACK may take.</param>
/// <param name="OnMessage">Called for each incoming PUBLISH (topic, payload), one at a time, in order; it may publish.</param>
internal sealed record ChannelConnectOptions(
    string ClientId,
    TimeSpan ConnectTimeout,
    Func<string, ReadOnlyMemory<byte>, CancellationToken, ValueTask> OnMessage);
