using Realtime.Channels;

namespace ResponderFunction.Sessions;

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
