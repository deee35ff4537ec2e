namespace ResponderBench;

/// <summary>Timings of one measurement, reported as percentiles (nearest-rank).</summary>
internal sealed class Samples
{
    private readonly List<double> _milliseconds = [];

    public int Count => _milliseconds.Count;

    public void Add(TimeSpan elapsed) => _milliseconds.Add(elapsed.TotalMilliseconds);

    public void AddRange(Samples other) => _milliseconds.AddRange(other._milliseconds);

    public double Percentile(double p)
    {
        if (_milliseconds.Count == 0)
        {
            throw new InvalidOperationException("No samples.");
        }

        List<double> sorted = [.. _milliseconds.Order()];
        int rank = (int)Math.Ceiling(p / 100 * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }

    /// <summary>Samples of at least <paramref name="milliseconds"/> ms (stalls).</summary>
    public int CountAtLeast(double milliseconds) => _milliseconds.Count(m => m >= milliseconds);

    public double Min => _milliseconds.Min();

    public double Max => _milliseconds.Max();

    public string P50P99 => $"{Percentile(50):0.00} / {Percentile(99):0.00} ms";
}
