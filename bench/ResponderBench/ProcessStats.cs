using System.Diagnostics;

namespace ResponderBench;

/// <summary>CPU time and peak resident memory of a (child) process, from the kernel's own accounting.</summary>
internal static class ProcessStats
{
    public static TimeSpan CpuTime(Process process)
    {
        process.Refresh();
        return process.TotalProcessorTime;
    }

    /// <summary>VmHWM ("high water mark" of the resident set) from /proc/&lt;pid&gt;/status, in MB.</summary>
    public static double PeakResidentMegabytes(Process process)
    {
        foreach (string line in File.ReadLines($"/proc/{process.Id}/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                string kilobytes = line["VmHWM:".Length..].Trim().Split(' ')[0];
                return long.Parse(kilobytes, System.Globalization.CultureInfo.InvariantCulture) / 1024.0;
            }
        }

        throw new InvalidOperationException($"No VmHWM in /proc/{process.Id}/status.");
    }
}
