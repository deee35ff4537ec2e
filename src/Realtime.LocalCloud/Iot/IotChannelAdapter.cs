using System.Net;
using System.Security.Cryptography.X509Certificates;
using MQTTnet.Adapter;
using MQTTnet.Formatter;
using MQTTnet.Packets;

namespace Realtime.LocalCloud.Iot;

/// <summary>
/// MQTTnet's channel adapter for one connection, with two additions. It keeps the CONNECT packet on the
/// <see cref="IotConnection"/> (MQTTnet.Server's connection hook does not show the will, which AWS IoT authorizes at CONNECT).
/// And once the connection has ended it drops what is still sent instead of failing: MQTTnet.Server 5.2's send loop can still
/// be sending when the connection is disposed, and its failures end up as unobserved task exceptions.
/// </summary>
internal sealed class IotChannelAdapter(MqttChannelAdapter inner, IotConnection connection) : IMqttChannelAdapter
{
    private volatile bool _ended;

    public long BytesReceived => inner.BytesReceived;

    public long BytesSent => inner.BytesSent;

    public X509Certificate2? ClientCertificate => inner.ClientCertificate;

    public EndPoint RemoteEndPoint => inner.RemoteEndPoint;

    public EndPoint LocalEndPoint => inner.LocalEndPoint;

    public bool IsSecureConnection => inner.IsSecureConnection;

    public MqttPacketFormatterAdapter PacketFormatterAdapter => inner.PacketFormatterAdapter;

    public Task ConnectAsync(CancellationToken cancellationToken) => inner.ConnectAsync(cancellationToken);

    public Task DisconnectAsync(CancellationToken cancellationToken) => inner.DisconnectAsync(cancellationToken);

    public async Task<MqttPacket> ReceivePacketAsync(CancellationToken cancellationToken)
    {
        MqttPacket packet = await inner.ReceivePacketAsync(cancellationToken).ConfigureAwait(false);
        if (packet is MqttConnectPacket connect)
        {
            connection.Connect ??= connect;
        }

        return packet;
    }

    public void ResetStatistics() => inner.ResetStatistics();

    public Task SendPacketAsync(MqttPacket packet, CancellationToken cancellationToken) =>
        _ended ? Task.CompletedTask : inner.SendPacketAsync(packet, cancellationToken);

    /// <summary>
    /// Ends the connection for senders. The inner adapter is left to the garbage collector, not disposed: a send already inside
    /// it would fail on its disposed lock. It holds no socket of its own (the WebSocket belongs to the HTTP request).
    /// </summary>
    public void Dispose() => _ended = true;
}
