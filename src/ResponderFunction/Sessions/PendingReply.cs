namespace ResponderFunction.Sessions;

/// <summary>One reply awaiting its PUBACK.</summary>
internal sealed class PendingReply(ReadOnlyMemory<byte> payload)
{
    public ReadOnlyMemory<byte> Payload { get; } = payload;

    /// <summary>The number of the connection it was last sent on, 0 while not sent (guarded by <see cref="ReplyPipeline"/>'s lock).</summary>
    public int SentOnConnection { get; set; }

    /// <summary>When it was last sent (<see cref="TimeProvider.GetTimestamp"/>), for the PUBACK watchdog.</summary>
    public long SentAt { get; set; }
}
