using System.Buffers;
using System.Text;

namespace Realtime.Mqtt.Packets;

/// <summary>Reading the data representations of MQTT 3.1.1 section 1.5.</summary>
public static partial class MqttPacketDecoder
{
    // Strict: ill-formed UTF-8 (including encoded surrogates) throws instead of becoming U+FFFD [MQTT-1.5.3-1].
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static byte ReadByte(ref SequenceReader<byte> reader) =>
        reader.TryRead(out byte value) ? value : throw Malformed("the packet is shorter than its fields");

    private static ushort ReadUInt16(ref SequenceReader<byte> reader) =>
        reader.TryReadBigEndian(out short value) ? (ushort)value : throw Malformed("the packet is shorter than its fields");

    private static ushort ReadPacketId(ref SequenceReader<byte> reader)
    {
        ushort id = ReadUInt16(ref reader);
        return id != 0 ? id : throw Malformed("packet identifier 0 is not allowed [MQTT-2.3.1-1]");
    }

    private static ReadOnlySequence<byte> ReadLengthPrefixed(ref SequenceReader<byte> reader, string field)
    {
        ushort length = ReadUInt16(ref reader);
        if (reader.Remaining < length)
        {
            throw Malformed($"{field} claims {length} bytes but only {reader.Remaining} remain");
        }

        ReadOnlySequence<byte> bytes = reader.UnreadSequence.Slice(0, length);
        reader.Advance(length);
        return bytes;
    }

    private static byte[] ReadBinary(ref SequenceReader<byte> reader, string field) =>
        ReadLengthPrefixed(ref reader, field).ToArray();

    private static string ReadString(ref SequenceReader<byte> reader, string field)
    {
        ReadOnlySequence<byte> bytes = ReadLengthPrefixed(ref reader, field);
        string value;
        try
        {
            value = bytes.IsSingleSegment ? StrictUtf8.GetString(bytes.FirstSpan) : StrictUtf8.GetString(bytes.ToArray());
        }
        catch (DecoderFallbackException)
        {
            throw Malformed($"{field} is not well-formed UTF-8 [MQTT-1.5.3-1]");
        }

        return value.Contains('\0')
            ? throw Malformed($"{field} contains U+0000 [MQTT-1.5.3-2]")
            : value;
    }
}
