namespace Realtime.LocalCloud.Iot;

/// <summary>
/// At most <c>size</c> QoS 1 deliveries to one client without a PUBACK: the sender waits for a slot, each PUBACK for an
/// outstanding packet id frees one. A retransmission of an id already outstanding takes no second slot.
/// </summary>
internal sealed class InFlightWindow(int size)
{
    private readonly SemaphoreSlim _slots = new(size, size);
    private readonly HashSet<ushort> _outstanding = [];

    /// <summary>Deliveries sent and not yet acknowledged.</summary>
    public int Count
    {
        get
        {
            lock (_outstanding)
            {
                return _outstanding.Count;
            }
        }
    }

    public async Task EnterAsync(ushort packetId, CancellationToken cancellationToken)
    {
        lock (_outstanding)
        {
            if (_outstanding.Contains(packetId))
            {
                return;
            }
        }

        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        lock (_outstanding)
        {
            if (_outstanding.Add(packetId))
            {
                return;
            }
        }

        _slots.Release();
    }

    /// <summary>A PUBACK arrived; ids that are not outstanding (a duplicate or a stray PUBACK) change nothing.</summary>
    public void Acknowledge(ushort packetId)
    {
        lock (_outstanding)
        {
            if (!_outstanding.Remove(packetId))
            {
                return;
            }
        }

        _slots.Release();
    }
}
