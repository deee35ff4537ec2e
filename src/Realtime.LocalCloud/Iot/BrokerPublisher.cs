using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Realtime.Mqtt;
using Realtime.Mqtt.Packets;

namespace Realtime.LocalCloud.Iot;

/// <summary>
/// Publishes one message to the private broker for the /topics data plane: a short-lived MQTT connection with the relay's
/// credentials (CONNECT, PUBLISH, PUBACK for QoS 1, DISCONNECT). One connection per request keeps it stateless; on loopback
/// that costs about a millisecond.
/// </summary>
internal static class BrokerPublisher
{
    public static async Task PublishAsync(IotContext iot, string topic, ReadOnlyMemory<byte> payload, MqttQos qos, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, iot.BrokerPort, timeout.Token).ConfigureAwait(false);
        NetworkStream stream = client.GetStream();
        PipeReader reader = PipeReader.Create(stream);
        var framer = new MqttPacketFramer(IotContext.MaxPacketSize);
        string clientId = "localcloud-dataplane-" + RandomNumberGenerator.GetHexString(8, lowercase: true);
        await SendAsync(stream, new ConnectPacket(clientId, CleanSession: true, KeepAliveSeconds: 30, UserName: iot.BrokerUser, Password: Encoding.UTF8.GetBytes(iot.BrokerPassword)), timeout.Token).ConfigureAwait(false);
        if (await ReadAsync(framer, reader, timeout.Token).ConfigureAwait(false) is not ConnAckPacket { ReturnCode: MqttConnectReturnCode.Accepted })
        {
            throw new InvalidOperationException("the local broker refused the data plane's connection");
        }

        await SendAsync(stream, new PublishPacket(topic, payload, qos, PacketId: qos == MqttQos.AtMostOnce ? (ushort)0 : (ushort)1), timeout.Token).ConfigureAwait(false);
        if (qos == MqttQos.AtLeastOnce && await ReadAsync(framer, reader, timeout.Token).ConfigureAwait(false) is not PubAckPacket)
        {
            throw new InvalidOperationException("the local broker did not acknowledge the publish");
        }

        await SendAsync(stream, DisconnectPacket.Instance, timeout.Token).ConfigureAwait(false);
    }

    private static async Task SendAsync(NetworkStream stream, MqttPacket packet, CancellationToken cancellationToken) =>
        await stream.WriteAsync(MqttPacketEncoder.Encode(packet), cancellationToken).ConfigureAwait(false);

    private static async Task<MqttPacket?> ReadAsync(MqttPacketFramer framer, PipeReader reader, CancellationToken cancellationToken) =>
        await framer.ReadPacketAsync(reader, cancellationToken).ConfigureAwait(false) is { } bytes ? MqttPacketDecoder.Decode(bytes) : null;
}
