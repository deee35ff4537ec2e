using System.Diagnostics;
using Realtime.Mqtt.Packets;

namespace Realtime.Mqtt;

/// <summary>
/// Packet identifiers and the waiters for their acknowledgements. An id stays taken until its acknowledgement arrives or
/// the connection ends, even when the caller stopped waiting, so a late PUBACK can never complete a newer request that
/// reused the id [MQTT-2.3.1-2]. Thread-safe.
/// </summary>
internal sealed class PendingRequests
{
    private readonly Dictionary<ushort, Waiter> _waiters = [];
    private ushort _lastId;
    private MqttException? _closedError;

    /// <summary>Takes a free non-zero id [MQTT-2.3.1-1] and registers its waiter; done before sending so no reply can race past.</summary>
    public (ushort Id, Task<MqttPacket> Acknowledgement) Register(MqttPacketType expectedAcknowledgement)
    {
        var waiter = new Waiter(expectedAcknowledgement);
        lock (_waiters)
        {
            if (_closedError is not null)
            {
                throw new MqttException(MqttErrorCode.NotConnected, "The client is not connected.", _closedError);
            }

            for (int attempt = 0; attempt < ushort.MaxValue; attempt++)
            {
                _lastId = _lastId == ushort.MaxValue ? (ushort)1 : (ushort)(_lastId + 1);
                if (_waiters.TryAdd(_lastId, waiter))
                {
                    return (_lastId, waiter.Completion.Task);
                }
            }
        }

        // Our own limit, not the broker's fault: the connection stays up and the caller may retry later.
        throw new MqttException(
            MqttErrorCode.TooManyInFlight,
            "All 65,535 packet identifiers are awaiting acknowledgement; wait for earlier operations before starting more.");
    }

    /// <summary>Forgets a waiter whose request was never sent, freeing its id.</summary>
    public void Cancel(ushort id)
    {
        lock (_waiters)
        {
            _waiters.Remove(id);
        }
    }

    /// <summary>Completes the waiter for an acknowledgement. False when the type does not match the request (a protocol violation).</summary>
    public bool TryComplete(ushort id, MqttPacket acknowledgement)
    {
        Waiter? waiter;
        lock (_waiters)
        {
            if (!_waiters.TryGetValue(id, out waiter))
            {
                // Unknown id: nothing to complete (e.g. a duplicate acknowledgement). Not worth dropping the connection.
                return true;
            }

            if (waiter.Expected != acknowledgement.Type)
            {
                return false;
            }

            _waiters.Remove(id);
        }

        waiter.Completion.TrySetResult(acknowledgement);
        return true;
    }

    /// <summary>Fails every waiter with <paramref name="error"/> and refuses new registrations.</summary>
    public void FailAll(MqttException error)
    {
        List<Waiter> waiters;
        lock (_waiters)
        {
            Debug.Assert(_closedError is null, "FailAll runs once.");
            _closedError = error;
            waiters = [.. _waiters.Values];
            _waiters.Clear();
        }

        foreach (Waiter waiter in waiters)
        {
            waiter.Completion.TrySetException(error);
        }
    }

    /// <summary>The number of ids in use (for tests).</summary>
    public int Count
    {
        get
        {
            lock (_waiters)
            {
                return _waiters.Count;
            }
        }
    }

    private sealed class Waiter(MqttPacketType expected)
    {
        public MqttPacketType Expected { get; } = expected;

        // Continuations must never run on the receive loop that completes them.
        public TaskCompletionSource<MqttPacket> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
