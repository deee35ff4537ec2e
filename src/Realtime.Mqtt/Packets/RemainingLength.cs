using System.Buffers;

namespace Realtime.Mqtt.Packets;

/// <summary>The variable-length "remaining length" of the fixed header (MQTT 3.1.1 section 2.2.3).</summary>
internal static class RemainingLength
{
    /// <summary>The largest value four bytes can carry (256 MB).</summary>
    public const int Max = 268_435_455;

    /// <summary>Reads the remaining length; false when more bytes are needed. Throws on a fifth length byte.</summary>
    public static bool TryRead(ref SequenceReader<byte> reader, out int value, out int byteCount)
    {
        value = 0;
        byteCount = 0;
        int multiplier = 1;
        while (true)
        {
            if (!reader.TryRead(out byte encoded))
            {
                return false;
            }

            byteCount++;
            value += (encoded & 0x7F) * multiplier;
            if ((encoded & 0x80) == 0)
            {
                return true;
            }

            if (byteCount == 4)
            {
                throw MqttPacketDecoder.Malformed("the remaining length uses more than the maximum of 4 bytes");
            }

            multiplier *= 128;
        }
    }

    public static int SizeOf(int value) => value switch
    {
        < 128 => 1,
        < 16_384 => 2,
        < 2_097_152 => 3,
        _ => 4,
    };

    public static void Write(Span<byte> destination, int value)
    {
        int i = 0;
        do
        {
            byte encoded = (byte)(value % 128);
            value /= 128;
            destination[i++] = value > 0 ? (byte)(encoded | 0x80) : encoded;
        }
        while (value > 0);
    }
}
