using System.Globalization;

namespace Soak;

/// <summary>One row of the soak table.</summary>
public sealed record PhaseResult(
    Fault Fault,
    int Channels,
    long Sent,
    long Answered,
    long DuplicatesToApp,
    long DuplicatesDropped,
    double RespondersPerChannelMean,
    int RespondersPerChannelMax,
    double P50Ms,
    double P99Ms,
    long LocalCloudPeakMb,
    IReadOnlyDictionary<string, int> FunctionPeakMb,
    TimeSpan Elapsed,
    IReadOnlyList<string> Errors)
{
    public long Lost => Sent - Answered;

    public const string Header =
        "| phase | channels | sent | answered | lost | dup. to app | dup. dropped by client | responders/channel (mean, max) | p50 ms | p99 ms | local cloud peak MB | function peak MB | time s |";

    public string Row() => string.Create(CultureInfo.InvariantCulture,
        $"| {Fault} | {Channels} | {Sent} | {Answered} | {Lost} | {DuplicatesToApp} | {DuplicatesDropped} | {RespondersPerChannelMean:F2}, {RespondersPerChannelMax} | " +
        $"{P50Ms:F0} | {P99Ms:F0} | {LocalCloudPeakMb} | {string.Join(", ", FunctionPeakMb.Select(f => $"{f.Key} {f.Value}"))} | {Elapsed.TotalSeconds:F0} |");
}
