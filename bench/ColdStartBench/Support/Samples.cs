using System.Globalization;

namespace ColdStartBench.Support;

/// <summary>Milliseconds of repeated measurements, summarized.</summary>
public sealed class Samples(IEnumerable<double> values)
{
    private readonly double[] _sorted = values.Order().ToArray();

    public int Count => _sorted.Length;

    public double Median => Percentile(50);

    public double Min => _sorted.Length == 0 ? double.NaN : _sorted[0];

    public double Max => _sorted.Length == 0 ? double.NaN : _sorted[^1];

    public double Percentile(double p)
    {
        if (_sorted.Length == 0)
        {
            return double.NaN;
        }

        double rank = p / 100 * (_sorted.Length - 1);
        int low = (int)Math.Floor(rank);
        int high = (int)Math.Ceiling(rank);
        return _sorted[low] + ((_sorted[high] - _sorted[low]) * (rank - low));
    }

    /// <summary>The values in the order measured, one decimal each (to see drift or warm-up in a run).</summary>
    public static string List(IEnumerable<double> values) =>
        string.Join(' ', values.Select(v => v.ToString("0.0", CultureInfo.InvariantCulture)));

    /// <summary>"median (min–max)" in milliseconds.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Median:0.0} ms ({Min:0.0}–{Max:0.0})");
}
