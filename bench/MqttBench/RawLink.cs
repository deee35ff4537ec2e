using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using Realtime.Mqtt;
using Realtime.Mqtt.Packets;

namespace MqttBench;

/// <summary>
/// The broker floor: MQTT packets over a bare TCP connection with only the codec (no client state machine, no dispatch
/// loop, no keep-alive, no WebSocket framing): what Mosquitto itself costs on this machine.
/// </summary>
internal sealed class RawLink : IAsyncDisposable
{
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly MqttPacketFramer _framer = new();
    private readonly Func<ReadOnlyMemory<byte>, Task> _send;
    private readonly PipeReader _reader;
    private readonly IAsyncDisposable _connection;

    private RawLink(Func<ReadOnlyMemory<byte>, Task> send, PipeReader reader, IAsyncDisposable connection)
    {
        _send = send;
        _reader = reader;
        _connection = connection;
    }

    public static async Task<RawLink> ConnectAsync(int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(IPAddress.Loopback, port);
        var stream = new NetworkStream(socket, ownsSocket: true);
        return new RawLink(bytes => stream.WriteAsync(bytes).AsTask(), PipeReader.Create(stream), stream);
    }

    public async Task SendAsync(MqttPacket packet)
    {
        byte[] bytes = MqttPacketEncoder.Encode(packet);
        await _sendLock.WaitAsync();
        try
        {
            await _send(bytes);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    public async Task<MqttPacket> ReceiveAsync() =>
        MqttPacketDecoder.Decode(await _framer.ReadPacketAsync(_reader) ?? throw new InvalidOperationException("The broker closed the connection."));

    /// <summary>CONNECT/CONNACK then SUBSCRIBE/SUBACK to <paramref name="topic"/>.</summary>
    public async Task HandshakeAsync(string clientId, string topic, MqttQos qos)
    {
        await SendAsync(new ConnectPacket(clientId, CleanSession: true, KeepAliveSeconds: 0));
        _ = (ConnAckPacket)await ReceiveAsync();
        await SendAsync(new SubscribePacket(1, [new MqttSubscription(topic, qos)]));
        _ = (SubAckPacket)await ReceiveAsync();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await SendAsync(DisconnectPacket.Instance);
        }
        catch (IOException)
        {
        }

        await _connection.DisposeAsync();
    }
}
