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

/// <summary>The wire names of <see cref="ByeReason"/> values.</summary>
public static class ByeReasonNames
{
    /// <summary>The reason a browser's will message carries: <c>{"type":"bye","reason":"disconnected"}</c>.</summary>
    public const string Disconnected = "disconnected";

    /// <summary>The text sent in a bye message: <c>idle</c>, <c>deadline</c>, <c>client-left</c> or <c>error</c>.</summary>
    public static string ToWireName(this ByeReason reason) => reason switch
    {
        ByeReason.Idle => "idle",
        ByeReason.Deadline => "deadline",
        ByeReason.ClientLeft => "client-left",
        ByeReason.Error => "error",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, "Unknown bye reason."),
    };
}
