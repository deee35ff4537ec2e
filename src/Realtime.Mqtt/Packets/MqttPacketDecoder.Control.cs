using System.Buffers;

namespace Realtime.Mqtt.Packets;

/// <summary>Decoding of CONNECT and the subscription packets.</summary>
public static partial class MqttPacketDecoder
{
    private static ConnectPacket DecodeConnect(ref SequenceReader<byte> reader)
    {
        string protocolName = ReadString(ref reader, "CONNECT protocol name");
        byte level = ReadByte(ref reader);
        if (protocolName != "MQTT" || level != 4)
        {
            // [MQTT-3.1.2-1] [MQTT-3.1.2-2]: only MQTT 3.1.1 ("MQTT", level 4) is spoken here.
            throw Malformed($"CONNECT asks for protocol \"{protocolName}\" level {level}; only \"MQTT\" level 4 (3.1.1) is supported");
        }

        byte flags = ReadByte(ref reader);
        ushort keepAlive = ReadUInt16(ref reader);
        if ((flags & 0x01) != 0)
        {
            throw Malformed("CONNECT reserved flag is set [MQTT-3.1.2-3]");
        }

        bool cleanSession = (flags & 0x02) != 0;
        bool hasWill = (flags & 0x04) != 0;
        int willQos = (flags >> 3) & 0x03;
        bool willRetain = (flags & 0x20) != 0;
        bool hasPassword = (flags & 0x40) != 0;
        bool hasUserName = (flags & 0x80) != 0;
        if (!hasWill && (willQos != 0 || willRetain))
        {
            throw Malformed("CONNECT sets will QoS or will retain without a will [MQTT-3.1.2-11] [MQTT-3.1.2-15]");
        }

        if (willQos == 3)
        {
            throw Malformed("CONNECT will QoS is 3 [MQTT-3.1.2-14]");
        }

        if (hasPassword && !hasUserName)
        {
            throw Malformed("CONNECT has a password without a user name [MQTT-3.1.2-22]");
        }

        string clientId = ReadString(ref reader, "CONNECT client id");
        MqttWill? will = null;
        if (hasWill)
        {
            string willTopic = ReadString(ref reader, "CONNECT will topic");
            if (!MqttTopic.IsValidTopicName(willTopic))
            {
                throw Malformed("CONNECT will topic is empty or contains a wildcard or U+0000");
            }

            byte[] willPayload = ReadBinary(ref reader, "CONNECT will message");
            will = new MqttWill(willTopic, willPayload, (MqttQos)willQos, willRetain);
        }

        string? userName = hasUserName ? ReadString(ref reader, "CONNECT user name") : null;
        // Not a conditional expression: its natural type would be ReadOnlyMemory<byte>, turning "no password" (null)
        // into an empty, non-null password.
        ReadOnlyMemory<byte>? password = null;
        if (hasPassword)
        {
            password = ReadBinary(ref reader, "CONNECT password");
        }

        return new ConnectPacket(clientId, cleanSession, keepAlive, will, userName, password);
    }

    private static SubscribePacket DecodeSubscribe(ref SequenceReader<byte> reader)
    {
        ushort packetId = ReadPacketId(ref reader);
        var subscriptions = new List<MqttSubscription>();
        while (!reader.End)
        {
            string filter = ReadTopicFilter(ref reader, "SUBSCRIBE");
            byte options = ReadByte(ref reader);
            if (options > 2)
            {
                throw Malformed($"SUBSCRIBE requested QoS byte is 0x{options:X2} [MQTT-3.8.3-4]");
            }

            subscriptions.Add(new MqttSubscription(filter, (MqttQos)options));
        }

        return subscriptions.Count > 0
            ? new SubscribePacket(packetId, subscriptions)
            : throw Malformed("SUBSCRIBE has no topic filter [MQTT-3.8.3-3]");
    }

    private static SubAckPacket DecodeSubAck(ref SequenceReader<byte> reader)
    {
        ushort packetId = ReadPacketId(ref reader);
        var codes = new List<byte>((int)Math.Min(reader.Remaining, 64));
        while (reader.TryRead(out byte code))
        {
            if (code > 2 && code != SubAckPacket.FailureReturnCode)
            {
                throw Malformed($"SUBACK return code 0x{code:X2} is reserved [MQTT-3.9.3-2]");
            }

            codes.Add(code);
        }

        return codes.Count > 0 ? new SubAckPacket(packetId, codes) : throw Malformed("SUBACK has no return code");
    }

    private static UnsubscribePacket DecodeUnsubscribe(ref SequenceReader<byte> reader)
    {
        ushort packetId = ReadPacketId(ref reader);
        var filters = new List<string>();
        while (!reader.End)
        {
            filters.Add(ReadTopicFilter(ref reader, "UNSUBSCRIBE"));
        }

        return filters.Count > 0
            ? new UnsubscribePacket(packetId, filters)
            : throw Malformed("UNSUBSCRIBE has no topic filter [MQTT-3.10.3-2]");
    }

    private static string ReadTopicFilter(ref SequenceReader<byte> reader, string packetName)
    {
        string filter = ReadString(ref reader, packetName + " topic filter");
        return MqttTopic.IsValidTopicFilter(filter)
            ? filter
            : throw Malformed($"{packetName} topic filter is empty or misuses a wildcard [MQTT-4.7.1-2] [MQTT-4.7.1-3]");
    }
}
