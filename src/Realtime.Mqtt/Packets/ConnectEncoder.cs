using System.Buffers;

namespace Realtime.Mqtt.Packets;

/// <summary>Encodes CONNECT (MQTT 3.1.1 section 3.1).</summary>
internal static class ConnectEncoder
{
    // Variable header: protocol name "MQTT" (length-prefixed) and protocol level 4 [MQTT-3.1.2-1] [MQTT-3.1.2-2].
    private static ReadOnlySpan<byte> ProtocolNameAndLevel => [0x00, 0x04, (byte)'M', (byte)'Q', (byte)'T', (byte)'T', 0x04];

    public static void Encode(ConnectPacket connect, IBufferWriter<byte> writer)
    {
        if (connect.Password is not null && connect.UserName is null)
        {
            throw new ArgumentException("CONNECT cannot carry a password without a user name [MQTT-3.1.2-22].", nameof(connect));
        }

        MqttWill? will = connect.Will;
        if (will is not null && (!MqttTopic.IsValidTopicName(will.Topic) || will.Qos > MqttQos.ExactlyOnce))
        {
            throw new ArgumentException($"Will topic '{will.Topic}' or will QoS {(int)will.Qos} is not valid.", nameof(connect));
        }

        // Compute (and so validate) every length before writing anything.
        int clientIdBytes = PacketWriter.Utf8Length(connect.ClientId, "Client id");
        int willTopicBytes = will is null ? 0 : PacketWriter.Utf8Length(will.Topic, "Will topic");
        int willPayloadBytes = will is null ? 0 : PacketWriter.BinaryLength(will.Payload, "Will message");
        int userNameBytes = connect.UserName is null ? 0 : PacketWriter.Utf8Length(connect.UserName, "User name");
        int passwordBytes = connect.Password is { } password ? PacketWriter.BinaryLength(password, "Password") : 0;

        long remaining = ProtocolNameAndLevel.Length + 1 + 2 + 2 + clientIdBytes;
        if (will is not null)
        {
            remaining += 2 + willTopicBytes + 2 + willPayloadBytes;
        }

        remaining += connect.UserName is null ? 0 : 2 + userNameBytes;
        remaining += connect.Password is null ? 0 : 2 + passwordBytes;

        var output = new PacketWriter(writer);
        output.WriteHeader(0x10, remaining);
        output.WriteBytes(ProtocolNameAndLevel);
        output.WriteByte(Flags(connect));
        output.WriteUInt16(connect.KeepAliveSeconds);
        output.WriteString(connect.ClientId, clientIdBytes);
        if (will is not null)
        {
            output.WriteString(will.Topic, willTopicBytes);
            output.WriteBinary(will.Payload.Span);
        }

        if (connect.UserName is not null)
        {
            output.WriteString(connect.UserName, userNameBytes);
        }

        if (connect.Password is { } passwordValue)
        {
            output.WriteBinary(passwordValue.Span);
        }
    }

    private static byte Flags(ConnectPacket connect)
    {
        int flags = connect.CleanSession ? 0x02 : 0;
        if (connect.Will is { } will)
        {
            flags |= 0x04 | ((int)will.Qos << 3) | (will.Retain ? 0x20 : 0);
        }

        flags |= connect.Password is not null ? 0x40 : 0;
        flags |= connect.UserName is not null ? 0x80 : 0;
        return (byte)flags;
    }
}
