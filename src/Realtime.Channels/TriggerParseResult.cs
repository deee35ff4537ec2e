using System.Diagnostics.CodeAnalysis;

namespace Realtime.Channels;

/// <summary>The outcome of <see cref="TriggerParser.Parse(ReadOnlySpan{byte})"/>: an accepted trigger or a rejection with a reason.</summary>
public sealed class TriggerParseResult
{
    private TriggerParseResult(ChannelTrigger? trigger, TriggerRejection rejection, string message)
    {
        Trigger = trigger;
        Rejection = rejection;
        Message = message;
    }

    /// <summary>The accepted trigger; null when rejected.</summary>
    public ChannelTrigger? Trigger { get; }

    /// <summary><see cref="TriggerRejection.None"/> when accepted, otherwise why not.</summary>
    public TriggerRejection Rejection { get; }

    /// <summary>A log-safe sentence: what was accepted, or what was wrong (untrusted text is shortened).</summary>
    public string Message { get; }

    /// <summary>True when <see cref="Trigger"/> holds an accepted trigger.</summary>
    [MemberNotNullWhen(true, nameof(Trigger))]
    public bool IsAccepted => Trigger is not null;

    internal static TriggerParseResult Accepted(ChannelTrigger trigger)
        => new(trigger, TriggerRejection.None, $"Trigger accepted for channel {trigger.ChannelId.Value}.");

    internal static TriggerParseResult Rejected(TriggerRejection rejection, string message)
        => new(trigger: null, rejection, message);

    /// <summary>The message.</summary>
    public override string ToString() => Message;
}
