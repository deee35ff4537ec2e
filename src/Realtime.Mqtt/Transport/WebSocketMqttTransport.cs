using System.Net.WebSockets;

namespace Realtime.Mqtt.Transport;

/// <summary>
/// MQTT over WebSocket (MQTT 3.1.1 section 6): subprotocol "mqtt", binary messages only [MQTT-6.0.0-1], each outgoing
/// packet one complete message; incoming messages are a byte stream whose boundaries mean nothing [MQTT-6.0.0-2].
/// Converts WebSocket and socket errors to <see cref="MqttException"/> here, in one place.
/// </summary>
internal sealed class WebSocketMqttTransport : IMqttTransport
{
    private readonly ClientWebSocket _socket;
    private readonly string _endpointForErrors;

    private WebSocketMqttTransport(ClientWebSocket socket, string endpointForErrors)
    {
        _socket = socket;
        _endpointForErrors = endpointForErrors;
    }

    /// <summary>Opens the WebSocket; cancellation (including the caller's connect timeout) aborts the handshake.</summary>
    public static async Task<IMqttTransport> ConnectAsync(MqttClientOptions options, CancellationToken cancellationToken)
    {
        // The endpoint may be presigned (X-Amz-Signature, X-Amz-Security-Token): errors name it without its query.
        string endpoint = options.Endpoint.GetLeftPart(UriPartial.Path);
        var socket = new ClientWebSocket();
        try
        {
            // AWS IoT may omit the subprotocol in its 101 answer; ClientWebSocket accepts that (AWS-NOTES).
            socket.Options.AddSubProtocol("mqtt");
            socket.Options.KeepAliveInterval = TimeSpan.Zero; // MQTT has its own keep-alive.
            foreach ((string name, string value) in options.RequestHeaders ?? new Dictionary<string, string>())
            {
                socket.Options.SetRequestHeader(name, value);
            }

            await socket.ConnectAsync(options.Endpoint, cancellationToken).ConfigureAwait(false);
            return new WebSocketMqttTransport(socket, endpoint);
        }
        catch (Exception exception) when (exception is WebSocketException or IOException or HttpRequestException)
        {
            socket.Dispose();
            throw new MqttException(
                MqttErrorCode.ConnectionLost,
                $"Could not open the WebSocket to {endpoint}: {exception.Message} Check that the broker is reachable and, for AWS IoT, that the URL is freshly presigned.",
                exception);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public async ValueTask SendAsync(ReadOnlyMemory<byte> packet, CancellationToken cancellationToken)
    {
        try
        {
            await _socket.SendAsync(packet, WebSocketMessageType.Binary, endOfMessage: true, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (IsTransportFailure(exception, cancellationToken))
        {
            throw Lost(exception);
        }
    }

    public async ValueTask<int> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        while (true)
        {
            ValueWebSocketReceiveResult result;
            try
            {
                result = await _socket.ReceiveAsync(buffer, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (IsTransportFailure(exception, cancellationToken))
            {
                throw Lost(exception);
            }

            switch (result.MessageType)
            {
                case WebSocketMessageType.Close:
                    return 0;
                case WebSocketMessageType.Text:
                    throw new MqttException(
                        MqttErrorCode.ProtocolViolation,
                        $"{_endpointForErrors} sent a text WebSocket message; MQTT travels in binary messages only [MQTT-6.0.0-1].");
                default:
                    if (result.Count > 0)
                    {
                        return result.Count;
                    }

                    break; // An empty binary frame carries nothing: read on rather than report end of stream.
            }
        }
    }

    public async Task CloseAsync(bool protocolError, CancellationToken cancellationToken)
    {
        if (_socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
        {
            return;
        }

        try
        {
            await _socket.CloseOutputAsync(
                protocolError ? WebSocketCloseStatus.ProtocolError : WebSocketCloseStatus.NormalClosure,
                protocolError ? "MQTT protocol violation" : null,
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is WebSocketException or IOException or ObjectDisposedException or OperationCanceledException)
        {
            // Closing is best effort: the connection is going away either way.
        }
    }

    public void Abort() => _socket.Abort();

    public ValueTask DisposeAsync()
    {
        _socket.Dispose();
        return ValueTask.CompletedTask;
    }

    // An aborted socket fails pending calls with OperationCanceledException although nobody cancelled them.
    private static bool IsTransportFailure(Exception exception, CancellationToken cancellationToken) =>
        exception is WebSocketException or IOException or ObjectDisposedException
        || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested);

    private MqttException Lost(Exception exception) =>
        new(MqttErrorCode.ConnectionLost, $"The WebSocket connection to {_endpointForErrors} failed: {exception.Message}", exception);
}
