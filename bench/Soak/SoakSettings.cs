namespace Soak;

/// <summary>What a soak phase runs: the repository, the published functions, and the load.</summary>
/// <param name="Root">The repository root (serverless.template, the local cloud's build output).</param>
/// <param name="Functions">The published functions folder, e.g. artifacts/x86_64.</param>
/// <param name="Channels">Channels open at once.</param>
/// <param name="Requests">Requests per channel, one after another.</param>
public sealed record SoakSettings(string Root, string Functions, int Channels, int Requests)
{
    /// <summary>How long one request may wait for its reply (it spans a lease expiry after a killed responder).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>A phase that runs longer than this is cancelled: the suite stays bounded in time.</summary>
    public TimeSpan PhaseLimit { get; init; } = TimeSpan.FromSeconds(150);

    /// <summary>The responders' lease (ResponderLeaseSeconds): a killed responder blocks its channel this long.</summary>
    public int LeaseSeconds { get; init; } = 6;
}
