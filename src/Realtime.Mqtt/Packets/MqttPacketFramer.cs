using System.Buffers;
using System.IO.Pipelines;

namespace Realtime.Mqtt.Packets;

/// <summary>
/// Finds complete MQTT packets in a byte stream (WebSocket messages or plain TCP): packet boundaries need not match
/// message boundaries [MQTT-6.0.0-2]. A packet larger than <see cref="MaxPacketSize"/> is refused as soon as its fixed
/// header is known, so a peer can never make the reader buffer more than that. Stateless and thread-safe.
/// </summary>
public sealed class MqttPacketFramer
{
    /// <summary>The largest packet MQTT can express: 1 type byte, 4 length bytes and 268,435,455 bytes of body.</summary>
    public const int MaxProtocolPacketSize = 1 + 4 + RemainingLength.Max;

    /// <summary>Creates a framer that refuses packets larger than <paramref name="maxPacketSize"/> bytes (fixed header included).</summary>
    public MqttPacketFramer(int maxPacketSize = MaxProtocolPacketSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPacketSize, 2);
        MaxPacketSize = maxPacketSize;
    }

    /// <summary>The largest packet accepted, fixed header included.</summary>
    public int MaxPacketSize { get; }

    /// <summary>
    /// Takes the first complete packet (fixed header included) off the front of <paramref name="buffer"/>.
    /// Returns false, leaving <paramref name="buffer"/> as it was, when more bytes are needed.
    /// Throws <see cref="MqttException"/> (<see cref="MqttErrorCode.ProtocolViolation"/>) for a reserved packet type, a
    /// malformed remaining length or an oversized packet. The packet slice shares memory with <paramref name="buffer"/>.
    /// </summary>
    public bool TryReadPacket(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> packet)
    {
        packet = default;
        var reader = new SequenceReader<byte>(buffer);
        if (!reader.TryRead(out byte first))
        {
            return false;
        }

        int type = first >> 4;
        if (type is 0 or 15)
        {
            throw MqttPacketDecoder.Malformed($"packet type {type} is reserved");
        }

        if (!RemainingLength.TryRead(ref reader, out int remaining, out int lengthBytes))
        {
            return false;
        }

        long total = 1L + lengthBytes + remaining;
        if (total > MaxPacketSize)
        {
            throw MqttPacketDecoder.Malformed(
                $"a {(MqttPacketType)type} packet of {total} bytes exceeds the limit of {MaxPacketSize} bytes");
        }

        if (buffer.Length < total)
        {
            return false;
        }

        packet = buffer.Slice(0, total);
        buffer = buffer.Slice(total);
        return true;
    }

    /// <summary>
    /// Reads the next complete packet from <paramref name="reader"/> (e.g. <c>PipeReader.Create(networkStream)</c>) and
    /// returns a copy of its bytes, or null when the stream ended cleanly between packets. A stream that ends inside a
    /// packet throws <see cref="MqttException"/> (<see cref="MqttErrorCode.ProtocolViolation"/>).
    /// </summary>
    public async ValueTask<byte[]?> ReadPacketAsync(PipeReader reader, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        while (true)
        {
            ReadResult result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            ReadOnlySequence<byte> buffer = result.Buffer;
            bool found;
            byte[]? bytes = null;
            try
            {
                found = TryReadPacket(ref buffer, out ReadOnlySequence<byte> packet);
                if (found)
                {
                    bytes = packet.ToArray();
                }
            }
            catch
            {
                reader.AdvanceTo(result.Buffer.Start);
                throw;
            }

            if (found)
            {
                reader.AdvanceTo(buffer.Start);
                return bytes;
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCanceled)
            {
                throw new OperationCanceledException("The pending read was canceled.");
            }

            if (result.IsCompleted)
            {
                return buffer.IsEmpty
                    ? null
                    : throw MqttPacketDecoder.Malformed($"the stream ended inside a packet ({buffer.Length} bytes left over)");
            }
        }
    }
}
