namespace Realtime.Channels;

/// <summary>Why a responder leaves a channel; sent as the <c>reason</c> of its bye message.</summary>
public enum ByeReason
{
    /// <summary>No request arrived within the idle time (<c>"idle"</c>).</summary>
    Idle,

    /// <summary>The Lambda invocation is about to reach its deadline (<c>"deadline"</c>).</summary>
    Deadline,

    /// <summary>The client said bye, or its will message arrived (<c>"client-left"</c>).</summary>
    ClientLeft,

    /// <summary>The responder failed and cannot go on (<c>"error"</c>).</summary>
    Error,
}
