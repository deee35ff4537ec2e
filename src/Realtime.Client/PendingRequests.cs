using System.Collections.Concurrent;
using System.Text.Json;

namespace Realtime.Client;

/// <summary>
/// Requests that have no reply yet, by requestId. A reply completes its request once; a second reply with the same id
/// (the responder answered a re-sent request twice, or two responders answered) finds nothing and is dropped.
/// Each request also remembers when it was last published to a ready responder, for dead-responder detection
/// (<see cref="StallWatch"/>). Safe for concurrent use.
/// </summary>
internal sealed class PendingRequests
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private long _sequence;

    public int Count => _entries.Count;

    public Task<JsonElement> Add(string requestId, byte[] payload)
    {
        var entry = new Entry(requestId, payload, Interlocked.Increment(ref _sequence));
        return _entries.TryAdd(requestId, entry)
            ? entry.Reply.Task
            : throw new InvalidOperationException($"requestId {requestId} is already pending.");
    }

    /// <summary>Completes the request; false when none is pending under that id (a duplicate or late reply).</summary>
    public bool TryComplete(string requestId, JsonElement reply) =>
        _entries.TryRemove(requestId, out Entry? entry) && entry.Reply.TrySetResult(reply);

    public void Remove(string requestId) => _entries.TryRemove(requestId, out _);

    /// <summary>Records that <paramref name="requestId"/> went out to a ready responder at <paramref name="timestamp"/> (a <see cref="TimeProvider"/> timestamp).</summary>
    public void MarkPublished(string requestId, long timestamp)
    {
        if (_entries.TryGetValue(requestId, out Entry? entry))
        {
            Volatile.Write(ref entry.PublishedAt, timestamp);
        }
    }

    /// <summary>The earliest publish time among requests that went out and have no reply; null when there is none.</summary>
    public long? OldestPublished()
    {
        long? oldest = null;
        foreach (Entry entry in _entries.Values)
        {
            long publishedAt = Volatile.Read(ref entry.PublishedAt);
            if (publishedAt != Entry.NotPublished && (oldest is null || publishedAt < oldest))
            {
                oldest = publishedAt;
            }
        }

        return oldest;
    }

    /// <summary>The requests to re-send after a (new) responder said ready, oldest first.</summary>
    public IReadOnlyList<(string RequestId, byte[] Payload)> Unanswered() =>
        [.. _entries.Values.OrderBy(e => e.Sequence).Select(e => (e.RequestId, e.Payload))];

    public void FailAll(Exception error)
    {
        foreach (string id in _entries.Keys)
        {
            if (_entries.TryRemove(id, out Entry? entry))
            {
                entry.Reply.TrySetException(error);
            }
        }
    }

    private sealed class Entry(string requestId, byte[] payload, long sequence)
    {
        public const long NotPublished = long.MinValue;

        // Written by the publishing thread, read by the stall timer.
        public long PublishedAt = NotPublished;

        public string RequestId { get; } = requestId;

        public byte[] Payload { get; } = payload;

        public long Sequence { get; } = sequence;

        public TaskCompletionSource<JsonElement> Reply { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
