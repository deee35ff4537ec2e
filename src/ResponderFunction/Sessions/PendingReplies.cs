namespace ResponderFunction.Sessions;

/// <summary>
/// Replies published but not yet acknowledged (PUBACK), in publish order. After a reconnect each is sent once more on the
/// new connection, so a reply lost with a dropped connection still arrives (at least once; clients dedupe by requestId).
/// Thread-safe: the MQTT dispatch loop adds and acknowledges while the session loop re-sends.
/// </summary>
internal sealed class PendingReplies
{
    private readonly Lock _gate = new();
    private readonly LinkedList<PendingReply> _items = new();
    private readonly int _capacity;

    public PendingReplies(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
    }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _items.Count;
            }
        }
    }

    /// <summary>Adds a reply about to be sent; true when the oldest had to be dropped to stay within capacity.</summary>
    public bool Add(PendingReply reply)
    {
        lock (_gate)
        {
            bool dropped = false;
            if (_items.Count == _capacity)
            {
                _items.RemoveFirst();
                dropped = true;
            }

            _items.AddLast(reply);
            return dropped;
        }
    }

    /// <summary>The broker acknowledged <paramref name="reply"/>: it no longer needs re-sending.</summary>
    public void Acknowledge(PendingReply reply)
    {
        lock (_gate)
        {
            _items.Remove(reply);
        }
    }

    /// <summary>Replies not yet sent on connection <paramref name="connection"/>, oldest first, now marked as sent on it.</summary>
    public IReadOnlyList<PendingReply> TakeForResend(int connection)
    {
        lock (_gate)
        {
            var resend = new List<PendingReply>();
            foreach (PendingReply reply in _items)
            {
                if (reply.SentOnConnection < connection)
                {
                    reply.SentOnConnection = connection;
                    resend.Add(reply);
                }
            }

            return resend;
        }
    }
}
