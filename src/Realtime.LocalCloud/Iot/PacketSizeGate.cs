namespace Realtime.LocalCloud.Iot;

/// <summary>
/// Follows the MQTT fixed headers in a client's byte stream [MQTT-2.2] and refuses a packet whose Remaining Length is over the
/// limit, or malformed, before anything reads it: MQTTnet allocates a packet's declared length up front, so without this one
/// 5-byte header could make the server allocate 256 MB. Knows nothing else about MQTT.
/// </summary>
internal sealed class PacketSizeGate(int maxRemainingLength)
{
    private enum State
    {
        TypeByte,
        Length,
        Body,
    }

    private State _state = State.TypeByte;
    private int _length;
    private int _lengthBytes;
    private int _bodyLeft;

    /// <summary>Why the stream was refused (safe to log), once <see cref="Accept"/> returned false.</summary>
    public string? Refusal { get; private set; }

    /// <summary>Follows <paramref name="bytes"/>; false when the stream holds a packet that must not be read.</summary>
    public bool Accept(ReadOnlySpan<byte> bytes)
    {
        int i = 0;
        while (i < bytes.Length && Refusal is null)
        {
            switch (_state)
            {
                case State.TypeByte:
                    (_state, _length, _lengthBytes) = (State.Length, 0, 0);
                    i++;
                    break;
                case State.Length:
                    byte b = bytes[i++];
                    _length |= (b & 0x7F) << (7 * _lengthBytes++);
                    if ((b & 0x80) == 0)
                    {
                        (_state, _bodyLeft) = _length == 0 ? (State.TypeByte, 0) : (State.Body, _length);
                    }
                    else if (_lengthBytes == 4)
                    {
                        Refusal = "malformed Remaining Length (more than 4 bytes) [MQTT-2.2.3]";
                    }

                    if (_length > maxRemainingLength)
                    {
                        Refusal = $"a packet of more than {maxRemainingLength} bytes (AWS IoT's payload limit is 128 KB)";
                    }

                    break;
                default:
                    int skip = Math.Min(_bodyLeft, bytes.Length - i);
                    i += skip;
                    _bodyLeft -= skip;
                    if (_bodyLeft == 0)
                    {
                        _state = State.TypeByte;
                    }

                    break;
            }
        }

        return Refusal is null;
    }
}
