namespace Realtime.Channels;

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
