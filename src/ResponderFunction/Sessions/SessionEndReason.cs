using Realtime.Channels;

namespace ResponderFunction.Sessions;

/// <summary>Why an invocation's session ended; the <c>reason</c> of the invocation's summary.</summary>
internal enum SessionEndReason
{
    /// <summary>No request within the idle time.</summary>
    Idle,

    /// <summary>The Lambda deadline (minus the margin) arrived.</summary>
    Deadline,

    /// <summary>The client said bye or its will arrived.</summary>
    ClientLeft,

    /// <summary>The broker could not be reached (within the retry budget) or a handler failed.</summary>
    Error,

    /// <summary>The trigger was refused; no connection was made.</summary>
    Rejected,
}

/// <summary>Wire names of <see cref="SessionEndReason"/>, the same as the bye reasons.</summary>
internal static class SessionEndReasonNames
{
    public static string ToWireName(this SessionEndReason reason) => reason switch
    {
        SessionEndReason.Idle => ByeReason.Idle.ToWireName(),
        SessionEndReason.Deadline => ByeReason.Deadline.ToWireName(),
        SessionEndReason.ClientLeft => ByeReason.ClientLeft.ToWireName(),
        SessionEndReason.Error => ByeReason.Error.ToWireName(),
        SessionEndReason.Rejected => "rejected",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, "Unknown session end reason."),
    };

    /// <summary>The bye to tell the client; null for a rejected trigger (there is no client to tell).</summary>
    public static ByeReason? ToByeReason(this SessionEndReason reason) => reason switch
    {
        SessionEndReason.Idle => ByeReason.Idle,
        SessionEndReason.Deadline => ByeReason.Deadline,
        SessionEndReason.ClientLeft => ByeReason.ClientLeft,
        SessionEndReason.Error => ByeReason.Error,
        _ => null,
    };
}
