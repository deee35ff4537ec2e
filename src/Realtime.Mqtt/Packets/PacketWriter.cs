using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Realtime.Mqtt.Packets;

/// <summary>Writes the MQTT data representations (section 1.5) and the fixed header to an <see cref="IBufferWriter{T}"/>.</summary>
internal readonly struct PacketWriter(IBufferWriter<byte> writer)
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>UTF-8 length of a string field, checked against the 2-byte length prefix [MQTT-1.5.3].</summary>
    public static int Utf8Length(string value, string field)
    {
        int length;
        try
        {
            length = StrictUtf8.GetByteCount(value);
        }
        catch (EncoderFallbackException exception)
        {
            throw new ArgumentException($"{field} contains an unpaired surrogate and cannot be encoded as UTF-8 [MQTT-1.5.3-1].", exception);
        }

        return length <= MqttTopic.MaxUtf8Bytes
            ? length
            : throw new ArgumentException($"{field} is {length} UTF-8 bytes; MQTT strings hold at most {MqttTopic.MaxUtf8Bytes}.");
    }

    public static int BinaryLength(ReadOnlyMemory<byte> value, string field) =>
        value.Length <= MqttTopic.MaxUtf8Bytes
            ? value.Length
            : throw new ArgumentException($"{field} is {value.Length} bytes; MQTT binary fields hold at most {MqttTopic.MaxUtf8Bytes}.");

    public static void RequirePacketId(ushort packetId)
    {
        if (packetId == 0)
        {
            throw new ArgumentException("Packet identifier 0 is not allowed [MQTT-2.3.1-1].");
        }
    }

    public void WriteHeader(byte firstByte, long remainingLength)
    {
        if (remainingLength > RemainingLength.Max)
        {
            throw new ArgumentException($"The packet body is {remainingLength} bytes; MQTT allows at most {RemainingLength.Max}.");
        }

        int size = 1 + RemainingLength.SizeOf((int)remainingLength);
        Span<byte> span = writer.GetSpan(size);
        span[0] = firstByte;
        RemainingLength.Write(span[1..], (int)remainingLength);
        writer.Advance(size);
    }

    public void WriteByte(byte value)
    {
        writer.GetSpan(1)[0] = value;
        writer.Advance(1);
    }

    public void WriteUInt16(ushort value)
    {
        BinaryPrimitives.WriteUInt16BigEndian(writer.GetSpan(2), value);
        writer.Advance(2);
    }

    /// <summary>Writes a length-prefixed string whose UTF-8 length was computed by <see cref="Utf8Length"/>.</summary>
    public void WriteString(string value, int utf8Length)
    {
        WriteUInt16((ushort)utf8Length);
        int written = StrictUtf8.GetBytes(value, writer.GetSpan(utf8Length));
        writer.Advance(written);
    }

    public void WriteBinary(ReadOnlySpan<byte> value)
    {
        WriteUInt16((ushort)value.Length);
        WriteBytes(value);
    }

    public void WriteBytes(ReadOnlySpan<byte> value) => writer.Write(value);
}
