using System.Buffers;

namespace Realtime.Mqtt.Tests.Packets;

/// <summary>Builds multi-segment sequences, the shape bytes have when they arrive in several WebSocket messages.</summary>
internal static class Chunks
{
    public static ReadOnlySequence<byte> Sequence(IReadOnlyList<byte[]> chunks)
    {
        if (chunks.Count == 0)
        {
            return ReadOnlySequence<byte>.Empty;
        }

        var first = new Segment(chunks[0], 0);
        Segment last = first;
        for (int i = 1; i < chunks.Count; i++)
        {
            last = last.Append(chunks[i]);
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    /// <summary>Cuts <paramref name="bytes"/> into pieces of 1..<paramref name="maxChunk"/> bytes.</summary>
    public static List<byte[]> Split(byte[] bytes, Random random, int maxChunk)
    {
        var chunks = new List<byte[]>();
        for (int offset = 0; offset < bytes.Length;)
        {
            int size = Math.Min(random.Next(1, maxChunk + 1), bytes.Length - offset);
            chunks.Add(bytes.AsSpan(offset, size).ToArray());
            offset += size;
        }

        return chunks;
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(byte[] bytes, long runningIndex)
        {
            Memory = bytes;
            RunningIndex = runningIndex;
        }

        public Segment Append(byte[] bytes)
        {
            var next = new Segment(bytes, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
