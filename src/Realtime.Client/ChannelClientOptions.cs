namespace Realtime.Client;

/// <summary>How a <see cref="ChannelClient"/> behaves; the defaults suit AWS (300 s URLs, 900 s credentials).</summary>
public sealed record ChannelClientOptions
{
    /// <summary>The HTTP client for the session API; null creates one (disposed with the channel).</summary>
    public HttpClient? HttpClient { get; init; }

    /// <summary>How long to wait for the responder's <c>ready</c> after a trigger (covers a Lambda cold start).</summary>
    public TimeSpan ReadyTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>The default time limit of <see cref="ChannelClient.RequestAsync(string, TimeSpan?, CancellationToken)"/>.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Renew this long before the credentials expire (at most a third of their lifetime is used).</summary>
    public TimeSpan RenewBefore { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Renew before a reconnect when the URL expires within this margin.</summary>
    public TimeSpan UrlMargin { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The first reconnect delay; each failed attempt doubles it up to <see cref="MaxReconnectDelay"/>, with jitter.</summary>
    public TimeSpan InitialReconnectDelay { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>The longest reconnect delay.</summary>
    public TimeSpan MaxReconnectDelay { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Dead-responder detection: when a request sent to a ready responder has had no reply, and nothing else came from the
    /// responder, for this long, the channel stops trusting it and asks again (<c>hello</c> and trigger, state
    /// <see cref="ChannelState.Starting"/>, reason <c>stalled</c>). Zero or <see cref="Timeout.InfiniteTimeSpan"/> turns it off.
    /// </summary>
    public TimeSpan StallTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// When the client only doubts that its responder is there (after its own reconnect, after a stall), it says <c>hello</c>
    /// alone and waits this long for a <c>ready</c> before it triggers: a survivor answers at once, and no trigger means no
    /// invocation and no spare responder. Zero triggers at once, with the hello. When the client knows there is no responder
    /// (opening, after a <c>bye</c>, after <see cref="ReadyTimeout"/> passed) it always triggers at once.
    /// </summary>
    public TimeSpan HelloWindow { get; init; } = TimeSpan.FromMilliseconds(1500);

    /// <summary>The MQTT keep-alive: how fast a silently dead connection is noticed.</summary>
    public TimeSpan KeepAlive { get; init; } = TimeSpan.FromSeconds(30);
}
