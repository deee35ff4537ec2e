using System.Buffers;

namespace Realtime.Mqtt.Packets;

/// <summary>
/// Encodes packet records to MQTT 3.1.1 bytes. Pure: no I/O, thread-safe. A packet that cannot be represented (an empty
/// or over-long string, packet id 0 where one is required, a wildcard in a topic name, more than 256 MB) throws
/// <see cref="ArgumentException"/> before anything is written.
/// </summary>
public static class MqttPacketEncoder
{
    /// <summary>Encodes <paramref name="packet"/> into a new array.</summary>
    public static byte[] Encode(MqttPacket packet)
    {
        var writer = new ArrayBufferWriter<byte>();
        Encode(packet, writer);
        return writer.WrittenSpan.ToArray();
    }

    /// <summary>Appends the bytes of <paramref name="packet"/> (fixed header included) to <paramref name="writer"/>.</summary>
    public static void Encode(MqttPacket packet, IBufferWriter<byte> writer)
    {
        ArgumentNullException.ThrowIfNull(packet);
        ArgumentNullException.ThrowIfNull(writer);
        switch (packet)
        {
            case ConnectPacket connect:
                ConnectEncoder.Encode(connect, writer);
                break;
            case ConnAckPacket connAck:
                var output = new PacketWriter(writer);
                output.WriteHeader(0x20, 2);
                output.WriteByte(connAck.SessionPresent ? (byte)1 : (byte)0);
                output.WriteByte((byte)connAck.ReturnCode);
                break;
            case PublishPacket publish:
                EncodePublish(publish, writer);
                break;
            case PubAckPacket pubAck:
                EncodeAck(0x40, pubAck.PacketId, writer);
                break;
            case SubscribePacket subscribe:
                SubscriptionEncoder.Encode(subscribe, writer);
                break;
            case SubAckPacket subAck:
                SubscriptionEncoder.Encode(subAck, writer);
                break;
            case UnsubscribePacket unsubscribe:
                SubscriptionEncoder.Encode(unsubscribe, writer);
                break;
            case UnsubAckPacket unsubAck:
                EncodeAck(0xB0, unsubAck.PacketId, writer);
                break;
            case PingReqPacket:
                new PacketWriter(writer).WriteHeader(0xC0, 0);
                break;
            case PingRespPacket:
                new PacketWriter(writer).WriteHeader(0xD0, 0);
                break;
            case DisconnectPacket:
                new PacketWriter(writer).WriteHeader(0xE0, 0);
                break;
            default:
                throw new ArgumentException($"Cannot encode packet type {packet.GetType().Name}.", nameof(packet));
        }
    }

    private static void EncodeAck(byte firstByte, ushort packetId, IBufferWriter<byte> writer)
    {
        PacketWriter.RequirePacketId(packetId);
        var output = new PacketWriter(writer);
        output.WriteHeader(firstByte, 2);
        output.WriteUInt16(packetId);
    }

    private static void EncodePublish(PublishPacket publish, IBufferWriter<byte> writer)
    {
        if (!MqttTopic.IsValidTopicName(publish.Topic))
        {
            throw new ArgumentException(
                $"PUBLISH topic '{publish.Topic}' is empty or contains a wildcard or U+0000 [MQTT-3.3.2-2].", nameof(publish));
        }

        if (publish.Qos is < MqttQos.AtMostOnce or > MqttQos.ExactlyOnce)
        {
            throw new ArgumentException($"QoS {(int)publish.Qos} does not exist.", nameof(publish));
        }

        bool hasId = publish.Qos != MqttQos.AtMostOnce;
        if (hasId)
        {
            PacketWriter.RequirePacketId(publish.PacketId);
        }
        else if (publish.PacketId != 0 || publish.Duplicate)
        {
            throw new ArgumentException("A QoS 0 PUBLISH has no packet id and no DUP flag [MQTT-2.3.1-5] [MQTT-3.3.1-2].", nameof(publish));
        }

        int topicBytes = PacketWriter.Utf8Length(publish.Topic, "PUBLISH topic");
        long remaining = 2L + topicBytes + (hasId ? 2 : 0) + publish.Payload.Length;
        byte first = (byte)(0x30 | (publish.Duplicate ? 0x08 : 0) | ((int)publish.Qos << 1) | (publish.Retain ? 0x01 : 0));
        var output = new PacketWriter(writer);
        output.WriteHeader(first, remaining);
        output.WriteString(publish.Topic, topicBytes);
        if (hasId)
        {
            output.WriteUInt16(publish.PacketId);
        }

        output.WriteBytes(publish.Payload.Span);
    }
}
