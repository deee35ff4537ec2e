using System.Buffers;
using System.Threading.Channels;
using Realtime.Mqtt.Packets;
using Realtime.Mqtt.Transport;

namespace Realtime.Mqtt;

/// <summary>
/// An MQTT 3.1.1 client over WebSocket, for AWS IoT Core and Mosquitto. QoS 0 and 1 only.
/// <para>
/// Concurrency contract: every public member is thread-safe. Any number of publish, subscribe and unsubscribe calls may
/// run at once; packets are written one at a time, each as one complete WebSocket message. Calls awaited one after the
/// other reach the broker in that order; concurrent calls in the order they get the send lock. Three loops run per
/// connection: receive (reads and decodes), dispatch (runs <see cref="MqttClientOptions.MessageHandler"/>, one message at
/// a time, in arrival order) and keep-alive. Continuations of awaited operations never run on the receive loop.
/// </para>
/// <para>
/// No automatic reconnect: when the connection ends, <see cref="Disconnected"/> completes with the reason, pending
/// operations fail with <see cref="MqttErrorCode.ConnectionLost"/>, and the instance stays closed. To reconnect, connect a
/// new client (for AWS IoT with a freshly presigned URL) and subscribe again.
/// </para>
/// </summary>
public sealed partial class MqttClient : IAsyncDisposable
{
    private const int StateConnecting = 0;
    private const int StateConnected = 1;
    private const int StateClosing = 2;
    private const int StateClosed = 3;

    // Copied from the options at connect: changing the options object later has no effect on this connection.
    private readonly int _maxPayloadBytes;
    private readonly TimeSpan _keepAlive;
    private readonly Func<MqttMessage, CancellationToken, ValueTask>? _messageHandler;
    private readonly IMqttTransport _transport;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly ArrayBufferWriter<byte> _sendBuffer = new(256);
    private readonly PendingRequests _pending = new();
    private readonly SemaphoreSlim _inFlight;
    private readonly CancellationTokenSource _lifetime = new();
    private readonly Channel<PublishPacket> _inbox =
        Channel.CreateUnbounded<PublishPacket>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });

    private readonly TaskCompletionSource<ConnAckPacket> _connAck = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<MqttDisconnectInfo> _disconnected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _state = StateConnecting;
    private long _lastSentTimestamp;
    private Task _receiveLoop = Task.CompletedTask;
    private Task _dispatchLoop = Task.CompletedTask;
    private Task _keepAliveLoop = Task.CompletedTask;

    private MqttClient(MqttClientOptions options, IMqttTransport transport)
    {
        _maxPayloadBytes = options.MaxPayloadBytes;
        _inFlight = new SemaphoreSlim(options.MaxInFlight, options.MaxInFlight);
        _keepAlive = options.KeepAlive;
        _messageHandler = options.MessageHandler;
        _transport = transport;
        _time = options.TimeProvider;
        _lastSentTimestamp = _time.GetTimestamp();
    }

    /// <summary>Completes once, with the reason, when the connection ends for any reason; never faults.</summary>
    public Task<MqttDisconnectInfo> Disconnected => _disconnected.Task;

    /// <summary>True between a successful connect and the end of the connection.</summary>
    public bool IsConnected => Volatile.Read(ref _state) == StateConnected;

    /// <summary>
    /// Opens the WebSocket, sends CONNECT and waits for CONNACK, all within <see cref="MqttClientOptions.ConnectTimeout"/>.
    /// Throws <see cref="MqttException"/>: ConnectionRefused (with the return code), ConnectionLost (transport failure,
    /// e.g. a 403 at the upgrade), Timeout or ProtocolViolation. Caller cancellation throws <see cref="OperationCanceledException"/>.
    /// </summary>
    public static Task<MqttClient> ConnectAsync(MqttClientOptions options, CancellationToken cancellationToken = default) =>
        ConnectAsync(options, WebSocketMqttTransport.ConnectAsync, cancellationToken);

    internal static async Task<MqttClient> ConnectAsync(
        MqttClientOptions options,
        Func<MqttClientOptions, CancellationToken, Task<IMqttTransport>> connectTransport,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ConnectPacket connect = MqttArguments.CreateConnectPacket(options);
        using var timeout = new CancellationTokenSource(options.ConnectTimeout, options.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        MqttClient? client = null;
        try
        {
            IMqttTransport transport = await connectTransport(options, linked.Token).ConfigureAwait(false);
            client = new MqttClient(options, transport);
            client._receiveLoop = Task.Run(client.ReceiveLoopAsync, CancellationToken.None);
            await client.SendPacketAsync(connect, linked.Token).ConfigureAwait(false);
            ConnAckPacket connAck = await client._connAck.Task.WaitAsync(linked.Token).ConfigureAwait(false);
            if (connAck.ReturnCode != MqttConnectReturnCode.Accepted)
            {
                throw new MqttException(connAck.ReturnCode);
            }

            client.StartConnectedLoops();
            return client;
        }
        catch (Exception exception) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            await AbandonAsync(client).ConfigureAwait(false);
            throw new MqttException(
                MqttErrorCode.Timeout,
                $"Connecting to {options.Endpoint.GetLeftPart(UriPartial.Path)} took longer than the connect timeout ({options.ConnectTimeout.TotalSeconds:0.###} s).",
                exception);
        }
        catch
        {
            await AbandonAsync(client).ConfigureAwait(false);
            throw;
        }
    }

    private static async Task AbandonAsync(MqttClient? client)
    {
        if (client is not null)
        {
            client.Terminate(new MqttDisconnectInfo(
                MqttDisconnectReason.ConnectionLost,
                new MqttException(MqttErrorCode.ConnectionLost, "The connection attempt failed.")));
            await client.DisposeAsync().ConfigureAwait(false);
        }
    }

    private void StartConnectedLoops()
    {
        // A connection may already have ended (e.g. the broker closed it right after CONNACK): then nothing starts.
        if (Interlocked.CompareExchange(ref _state, StateConnected, StateConnecting) != StateConnecting)
        {
            throw new MqttException(MqttErrorCode.ConnectionLost, "The broker closed the connection right after accepting it.");
        }

        _dispatchLoop = Task.Run(DispatchLoopAsync, CancellationToken.None);
        _keepAliveLoop = Task.Run(KeepAliveLoopAsync, CancellationToken.None);
    }
}
