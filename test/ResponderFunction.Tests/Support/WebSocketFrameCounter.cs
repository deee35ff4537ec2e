namespace ResponderFunction.Tests.Support;

/// <summary>
/// Counts the data frames a WebSocket client sends, from the raw bytes of its connection: the HTTP upgrade request first,
/// then frames (RFC 6455 section 5.2: a 2-byte header, a 16- or 64-bit extended length, a 4-byte mask from a client).
/// </summary>
internal sealed class WebSocketFrameCounter
{
    private readonly List<byte> _unparsed = [];
    private bool _upgraded;
    private int _dataFrames;

    /// <summary>Text, binary and continuation frames seen so far (control frames such as ping or pong are not counted).</summary>
    public int DataFrames => Volatile.Read(ref _dataFrames);

    /// <summary>Takes the next bytes the client sent, in order.</summary>
    public void Add(ReadOnlySpan<byte> bytes)
    {
        lock (_unparsed)
        {
            foreach (byte b in bytes)
            {
                _unparsed.Add(b);
            }

            if (!_upgraded)
            {
                int end = IndexOfHeaderEnd();
                if (end < 0)
                {
                    return;
                }

                _unparsed.RemoveRange(0, end + 4);
                _upgraded = true;
            }

            while (TryTakeFrame(out int opcode))
            {
                if (opcode <= 0x2)
                {
                    Interlocked.Increment(ref _dataFrames);
                }
            }
        }
    }

    private int IndexOfHeaderEnd()
    {
        for (int i = 0; i + 3 < _unparsed.Count; i++)
        {
            if (_unparsed[i] == '\r' && _unparsed[i + 1] == '\n' && _unparsed[i + 2] == '\r' && _unparsed[i + 3] == '\n')
            {
                return i;
            }
        }

        return -1;
    }

    private bool TryTakeFrame(out int opcode)
    {
        opcode = -1;
        if (_unparsed.Count < 2)
        {
            return false;
        }

        int length = _unparsed[1] & 0x7F;
        bool masked = (_unparsed[1] & 0x80) != 0;
        int header = 2;
        long payload = length;
        if (length == 126)
        {
            header += 2;
            if (_unparsed.Count < header)
            {
                return false;
            }

            payload = (_unparsed[2] << 8) | _unparsed[3];
        }
        else if (length == 127)
        {
            header += 8;
            if (_unparsed.Count < header)
            {
                return false;
            }

            payload = 0;
            for (int i = 2; i < 10; i++)
            {
                payload = (payload << 8) | _unparsed[i];
            }
        }

        long total = header + (masked ? 4 : 0) + payload;
        if (_unparsed.Count < total)
        {
            return false;
        }

        opcode = _unparsed[0] & 0x0F;
        _unparsed.RemoveRange(0, (int)total);
        return true;
    }
}
