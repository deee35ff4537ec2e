using System.Collections.Concurrent;
using System.Text.Json;

namespace Realtime.Client;

/// <summary>
/// Requests that have no reply yet, by requestId. A reply completes its request once; a second reply with the same id
/// (the responder answered a re-sent request twice, or two responders answered) finds nothing and is dropped.
/// </summary>
internal sealed class PendingRequests
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public int Count => _entries.Count;

    public Task<JsonElement> Add(string requestId, byte[] payload)
    {
        var entry = new Entry(payload, new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously));
        return _entries.TryAdd(requestId, entry)
            ? entry.Reply.Task
            : throw new InvalidOperationException($"requestId {requestId} is already pending.");
    }

    /// <summary>Completes the request; false when none is pending under that id (a duplicate or late reply).</summary>
    public bool TryComplete(string requestId, JsonElement reply) =>
        _entries.TryRemove(requestId, out Entry? entry) && entry.Reply.TrySetResult(reply);

    public void Remove(string requestId) => _entries.TryRemove(requestId, out _);

    /// <summary>The payloads to re-send after a (new) responder said ready.</summary>
    public IReadOnlyList<byte[]> Payloads() => [.. _entries.Values.Select(e => e.Payload)];

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

    private sealed record Entry(byte[] Payload, TaskCompletionSource<JsonElement> Reply);
}
