using System.Diagnostics;

namespace Realtime.Client.Tests.Support;

/// <summary>
/// Fault injection: <c>ss -K dst 127.0.0.1 dport = :&lt;port&gt;</c> destroys every TCP connection to the local IoT endpoint
/// (the client's and the responder's), as a network outage would. Needs iproute2's ss and CAP_NET_ADMIN.
/// </summary>
internal static class ConnectionKiller
{
    public static async Task<int> DropAllAsync(int port)
    {
        var start = new ProcessStartInfo(File.Exists("/usr/bin/ss") ? "/usr/bin/ss" : "ss")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string arg in new[] { "-K", "-t", "dst", "127.0.0.1", "dport", "=", $":{port}" })
        {
            start.ArgumentList.Add(arg);
        }

        using Process process = Process.Start(start) ?? throw new InvalidOperationException("could not start ss");
        string output = await process.StandardOutput.ReadToEndAsync();
        string error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"ss -K failed ({process.ExitCode}): {error}");
        // ss prints one line per killed socket after a header line.
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Count(l => l.Contains($":{port}", StringComparison.Ordinal));
    }
}
