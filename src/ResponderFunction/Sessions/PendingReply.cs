namespace ResponderFunction.Sessions;

/// <summary>One reply awaiting its PUBACK.</summary>
internal sealed class PendingReply(ReadOnlyMemory<byte> payload, int sentOnConnection)
{
    public ReadOnlyMemory<byte> Payload { get; } = payload;

    /// <summary>The number of the connection it was last sent on (guarded by <see cref="PendingReplies"/>' lock).</summary>
    public int SentOnConnection { get; set; } = sentOnConnection;
}
