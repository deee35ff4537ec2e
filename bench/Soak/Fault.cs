namespace Soak;

/// <summary>The fault a phase injects once, while its channels are busy.</summary>
public enum Fault
{
    /// <summary>No fault: the baseline.</summary>
    None,

    /// <summary>Every TCP connection to the IoT endpoint destroyed (<c>ss -K</c>, needs root).</summary>
    DropConnections,

    /// <summary>The IoT endpoint stopped and started again on the same port (SIGUSR1 to the local cloud).</summary>
    RestartIot,

    /// <summary>One responder process SIGKILLed mid-session.</summary>
    KillResponder,

    /// <summary>STS answers 503 for 10 s (SIGUSR2 to the local cloud) while half the channels are still opening.</summary>
    StsUnavailable,

    /// <summary>The responder's reserved concurrency is a quarter of the channels: the rest wait for a free responder.</summary>
    ConcurrencyExhausted,
}
