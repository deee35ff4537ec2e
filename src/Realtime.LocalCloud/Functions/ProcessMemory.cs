using System.Globalization;

namespace Realtime.LocalCloud.Functions;

/// <summary>
/// A function process's peak resident memory, for the REPORT line's "Max Memory Used" (Lambda reports the environment's
/// peak, in MB). Read from VmHWM in /proc/&lt;pid&gt;/status, the kernel's high-water mark of the resident set, which stays
/// readable while the process lives (Process.PeakWorkingSet64 is cached per Process object and reported 0 here).
/// </summary>
internal static class ProcessMemory
{
    /// <summary>The peak resident set in bytes, or null when the process is gone or the value is unavailable.</summary>
    public static long? PeakResidentBytes(int processId)
    {
        try
        {
            return ParsePeakResidentBytes(File.ReadAllText($"/proc/{processId}/status"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>VmHWM from the text of /proc/&lt;pid&gt;/status (e.g. <c>VmHWM:	   35120 kB</c>), in bytes.</summary>
    internal static long? ParsePeakResidentBytes(string status)
    {
        foreach (string line in status.Split('\n'))
        {
            if (!line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                continue;
            }

            string[] parts = line["VmHWM:".Length..].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            return parts is [var number, "kB"] && long.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out long kb) ? kb * 1024 : null;
        }

        return null;
    }

    /// <summary>Bytes as Lambda's whole megabytes, rounded up (a running process never reports 0 MB).</summary>
    public static long ToMegabytes(long bytes) => (bytes + (1024 * 1024) - 1) / (1024 * 1024);
}
