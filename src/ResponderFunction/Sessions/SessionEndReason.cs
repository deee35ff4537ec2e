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
