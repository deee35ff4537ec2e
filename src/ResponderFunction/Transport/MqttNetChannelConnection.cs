using System.Buffers;
using MQTTnet;
using MQTTnet.Exceptions;
using MQTTnet.Protocol;

namespace ResponderFunction.Transport;

/// <summary>
/// Adapts one connected MQTTnet client to the session's seam and converts MQTTnet's errors in this one place.
/// </summary>
/// <remarks>
/// MQTTnet calls <see cref="OnReceivedAsync"/> from its single dispatch task, one message at a time; the PUBACK of a QoS 1
/// message is sent only once the session took it: that is how a waiting session holds the broker back. The connection also
/// tells its <see cref="CoalescingWebSocketChannel"/> when to send (Nagle's rule, see there).
/// </remarks>
internal sealed class MqttNetChannelConnection : IChannelConnection
{
    private readonly IMqttClient _client;
    private readonly CoalescingClientAdapterFactory _adapters;
    private readonly Func<InboundMessage, CancellationToken, ValueTask> _onMessage;
    private readonly TaskCompletionSource<string> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _lifetime = new();
    private int _unacknowledged;

    public MqttNetChannelConnection(IMqttClient client, CoalescingClientAdapterFactory adapters, Func<InboundMessage, CancellationToken, ValueTask> onMessage)
    {
        _client = client;
        _adapters = adapters;
        _onMessage = onMessage;
        client.ApplicationMessageReceivedAsync += OnReceivedAsync;
        client.DisconnectedAsync += OnDisconnectedAsync;
    }

    public Task<string> Closed => _closed.Task;

    public async Task SubscribeAsync(string topicFilter, CancellationToken cancellationToken)
    {
        var options = new MqttClientSubscribeOptions
        {
            TopicFilters = [new MQTTnet.Packets.MqttTopicFilter { Topic = topicFilter, QualityOfServiceLevel = MqttQualityOfServiceLevel.AtLeastOnce }],
        };
        MqttClientSubscribeResult result;
        try
        {
            result = await _client.SubscribeAsync(options, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsTransportError(ex))
        {
            throw Convert(ex, "subscribe");
        }

        // MQTT 3.1.1 SUBACK: 0x00-0x02 granted, 0x80 refused [MQTT-3.9.3]. AWS IoT refuses an unauthorized filter this way;
        // resubscribing cannot change that, so it is permanent (never loop on it).
        MqttClientSubscribeResultCode code = result.Items.Count == 1 ? result.Items.First().ResultCode : MqttClientSubscribeResultCode.UnspecifiedError;
        if (code > MqttClientSubscribeResultCode.GrantedQoS2)
        {
            throw new ChannelConnectionException($"MQTT subscribe to {topicFilter} refused (SUBACK 0x{(int)code:x2}).", isPermanent: true);
        }
    }

    public async Task PublishAsync(string topic, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        var message = new MqttApplicationMessage
        {
            Topic = topic,
            Payload = new ReadOnlySequence<byte>(payload),
            QualityOfServiceLevel = MqttQualityOfServiceLevel.AtLeastOnce,
        };
        Task<MqttClientPublishResult> publish;
        bool alone = Interlocked.Increment(ref _unacknowledged) == 1;
        try
        {
            // MQTTnet queues the PUBLISH on its FIFO send lock synchronously, before its first await: call order is wire order.
            publish = _client.PublishAsync(message, cancellationToken);

            // Nagle's rule: with nothing else waiting for a PUBACK the link is idle, so send now instead of gathering.
            if (alone)
            {
                _adapters.Channel?.SendNow();
            }
        }
        catch (Exception ex) when (IsTransportError(ex))
        {
            Interlocked.Decrement(ref _unacknowledged);
            throw Convert(ex, "publish");
        }

        try
        {
            await publish.ConfigureAwait(false);
        }
        catch (Exception ex) when (IsTransportError(ex))
        {
            throw Convert(ex, "publish");
        }
        finally
        {
            Interlocked.Decrement(ref _unacknowledged);
        }
    }

    public async Task DisconnectAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _client.DisconnectAsync(new MqttClientDisconnectOptions(), cancellationToken).ConfigureAwait(false);
            _closed.TrySetResult("disconnected by the session");
        }
        catch (Exception ex) when (IsTransportError(ex))
        {
            throw Convert(ex, "disconnect");
        }
    }

    public void Abort(string reason)
    {
        _closed.TrySetResult(reason);
        _lifetime.Cancel();

        // Dispose closes the WebSocket at once (no DISCONNECT, no close handshake) and fails every waiting operation.
        _client.Dispose();
    }

    public ValueTask DisposeAsync()
    {
        _closed.TrySetResult("closed by the session");
        _lifetime.Cancel();
        _client.ApplicationMessageReceivedAsync -= OnReceivedAsync;
        _client.DisconnectedAsync -= OnDisconnectedAsync;
        _client.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>Refusals that a retry cannot fix are permanent; drops, timeouts and "server unavailable" are not.</summary>
    public static ChannelConnectionException Convert(Exception error, string operation)
        => new($"MQTT {operation} failed ({error.GetType().Name}): {error.Message}", isPermanent: false, error);

    /// <summary>What MQTTnet and the WebSocket throw when the connection fails (not our own bugs).</summary>
    public static bool IsTransportError(Exception error)
        => error is MqttCommunicationException or System.Net.WebSockets.WebSocketException or System.IO.IOException
            or System.Net.Sockets.SocketException or ObjectDisposedException or InvalidOperationException;

    private async Task OnReceivedAsync(MqttApplicationMessageReceivedEventArgs args)
    {
        MqttApplicationMessage message = args.ApplicationMessage;

        // A copy: the session keeps the payload after this handler returned, and MQTTnet may reuse its buffers.
        byte[] payload = message.Payload.ToArray();
        var inbound = new InboundMessage(message.Topic, payload, message.QualityOfServiceLevel == MqttQualityOfServiceLevel.AtMostOnce);

        // The PUBACK is ours to send, after the session took the request (that wait is the back-pressure). When the session
        // takes and serves the request on this thread, its reply and this PUBACK gather into one frame, which goes now when
        // the link is idle (this reply is the only one unacknowledged), else through a queued send. When the session holds
        // the request (inbox full), the burst ends without it, so what others write does not wait for this thread.
        args.AutoAcknowledge = false;
        CoalescingWebSocketChannel? channel = _adapters.Channel;
        ValueTask taken;
        Task? acknowledged = null;
        channel?.BeginBurst();
        try
        {
            taken = _onMessage(inbound, _lifetime.Token);
            if (taken.IsCompletedSuccessfully)
            {
                acknowledged = args.AcknowledgeAsync(_lifetime.Token);
            }
        }
        finally
        {
            channel?.EndBurst(sendNow: acknowledged is not null && Volatile.Read(ref _unacknowledged) <= 1);
        }

        try
        {
            if (acknowledged is null)
            {
                await taken.ConfigureAwait(false);
                acknowledged = args.AcknowledgeAsync(_lifetime.Token);
            }

            await acknowledged.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_lifetime.IsCancellationRequested)
        {
            // The connection ended while the session was holding this message back; it is not acknowledged.
        }
        catch (Exception ex) when (IsTransportError(ex))
        {
            // The PUBACK could not be written: the connection is failing, and its end is reported by OnDisconnectedAsync.
        }
    }

    private Task OnDisconnectedAsync(MqttClientDisconnectedEventArgs args)
    {
        _lifetime.Cancel();
        string reason = args.Exception is null ? $"{args.Reason}" : $"{args.Reason}: {args.Exception.Message}";
        _closed.TrySetResult(reason);
        return Task.CompletedTask;
    }
}
