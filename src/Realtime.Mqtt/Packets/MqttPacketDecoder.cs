using System.Buffers;

namespace Realtime.Mqtt.Packets;

/// <summary>
/// Decodes one complete MQTT 3.1.1 packet (as found by <see cref="MqttPacketFramer"/>) into a packet record. Pure: no I/O,
/// thread-safe. Every malformed input throws <see cref="MqttException"/> with <see cref="MqttErrorCode.ProtocolViolation"/>
/// and nothing else; allocations are bounded by the input size. QoS 2 flow packets (PUBREC, PUBREL, PUBCOMP) are refused.
/// </summary>
public static partial class MqttPacketDecoder
{
    /// <summary>Decodes a packet whose bytes are exactly one packet, fixed header included.</summary>
    public static MqttPacket Decode(ReadOnlyMemory<byte> packet) => Decode(new ReadOnlySequence<byte>(packet));

    /// <summary>Decodes a packet whose bytes are exactly one packet, fixed header included.</summary>
    public static MqttPacket Decode(ReadOnlySequence<byte> packet)
    {
        var reader = new SequenceReader<byte>(packet);
        if (!reader.TryRead(out byte first))
        {
            throw Malformed("the packet is empty");
        }

        if (!RemainingLength.TryRead(ref reader, out int remaining, out _))
        {
            throw Malformed("the packet ends inside its remaining length");
        }

        if (reader.Remaining != remaining)
        {
            throw Malformed($"the remaining length says {remaining} bytes but {reader.Remaining} follow");
        }

        var type = (MqttPacketType)(first >> 4);
        int flags = first & 0x0F;
        if (type != MqttPacketType.Publish)
        {
            // [MQTT-2.2.2-1] [MQTT-2.2.2-2]: fixed flags are 0010 for SUBSCRIBE/UNSUBSCRIBE (and PUBREL), 0000 otherwise.
            int expected = type is MqttPacketType.Subscribe or MqttPacketType.Unsubscribe or MqttPacketType.PubRel ? 2 : 0;
            if (flags != expected)
            {
                throw Malformed($"{type} has fixed-header flags 0x{flags:X} instead of 0x{expected:X}");
            }
        }

        MqttPacket result = type switch
        {
            MqttPacketType.Connect => DecodeConnect(ref reader),
            MqttPacketType.ConnAck => DecodeConnAck(ref reader),
            MqttPacketType.Publish => DecodePublish(ref reader, flags),
            MqttPacketType.PubAck => new PubAckPacket(ReadPacketId(ref reader)),
            MqttPacketType.Subscribe => DecodeSubscribe(ref reader),
            MqttPacketType.SubAck => DecodeSubAck(ref reader),
            MqttPacketType.Unsubscribe => DecodeUnsubscribe(ref reader),
            MqttPacketType.UnsubAck => new UnsubAckPacket(ReadPacketId(ref reader)),
            MqttPacketType.PingReq => PingReqPacket.Instance,
            MqttPacketType.PingResp => PingRespPacket.Instance,
            MqttPacketType.Disconnect => DisconnectPacket.Instance,
            MqttPacketType.PubRec or MqttPacketType.PubRel or MqttPacketType.PubComp =>
                throw Malformed($"{type} belongs to the QoS 2 flow, which is not supported"),
            _ => throw Malformed($"packet type {(int)type} is reserved"),
        };

        if (!reader.End)
        {
            throw Malformed($"{type} has {reader.Remaining} unexpected trailing bytes");
        }

        return result;
    }

    internal static MqttException Malformed(string detail) =>
        new(MqttErrorCode.ProtocolViolation, $"Malformed MQTT packet: {detail}.");

    private static ConnAckPacket DecodeConnAck(ref SequenceReader<byte> reader)
    {
        byte acknowledgeFlags = ReadByte(ref reader);
        byte returnCode = ReadByte(ref reader);
        if ((acknowledgeFlags & 0xFE) != 0)
        {
            throw Malformed("CONNACK reserved acknowledge flags are set");
        }

        if (returnCode > (byte)MqttConnectReturnCode.NotAuthorized)
        {
            throw Malformed($"CONNACK return code 0x{returnCode:X2} is reserved");
        }

        bool sessionPresent = (acknowledgeFlags & 1) != 0;
        if (sessionPresent && returnCode != 0)
        {
            throw Malformed("CONNACK refuses the connection but sets session present [MQTT-3.2.2-4]");
        }

        return new ConnAckPacket(sessionPresent, (MqttConnectReturnCode)returnCode);
    }

    private static PublishPacket DecodePublish(ref SequenceReader<byte> reader, int flags)
    {
        bool duplicate = (flags & 0x08) != 0;
        int qos = (flags >> 1) & 0x03;
        bool retain = (flags & 0x01) != 0;
        if (qos == 3)
        {
            throw Malformed("PUBLISH has both QoS bits set [MQTT-3.3.1-4]");
        }

        if (qos == 0 && duplicate)
        {
            throw Malformed("PUBLISH QoS 0 has the DUP flag set [MQTT-3.3.1-2]");
        }

        string topic = ReadString(ref reader, "PUBLISH topic");
        if (!MqttTopic.IsValidTopicName(topic))
        {
            throw Malformed("PUBLISH topic name is empty or contains a wildcard or U+0000 [MQTT-3.3.2-2]");
        }

        ushort packetId = qos > 0 ? ReadPacketId(ref reader) : (ushort)0;
        byte[] payload = reader.UnreadSequence.ToArray();
        reader.AdvanceToEnd();
        return new PublishPacket(topic, payload, (MqttQos)qos, retain, duplicate, packetId);
    }
}
