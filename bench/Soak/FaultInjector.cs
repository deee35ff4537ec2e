using System.Diagnostics;
using System.Globalization;
using Realtime.TestSupport;

namespace Soak;

/// <summary>Injects one <see cref="Fault"/> into a running local cloud, from outside, as an operator's mishap would.</summary>
internal static class FaultInjector
{
    public static async Task<string> InjectAsync(Fault fault, LocalCloudProcess cloud)
    {
        switch (fault)
        {
            case Fault.DropConnections:
                // Both directions of every connection on the IoT port: the kernel resets them (needs root / CAP_NET_ADMIN).
                string port = cloud.IotUrl.Port.ToString(CultureInfo.InvariantCulture);
                await RunAsync("ss", "-K", "-t", "(", "sport", "=", $":{port}", "or", "dport", "=", $":{port}", ")");
                return "dropped every IoT connection (ss -K)";
            case Fault.RestartIot:
                await RunAsync("kill", "-USR1", cloud.ProcessId.ToString(CultureInfo.InvariantCulture));
                return "restarted the IoT endpoint (SIGUSR1)";
            case Fault.StsUnavailable:
                await RunAsync("kill", "-USR2", cloud.ProcessId.ToString(CultureInfo.InvariantCulture));
                return "STS unavailable for 10 s (SIGUSR2)";
            case Fault.KillResponder:
                int? pid = ChildProcesses(cloud.ProcessId, "/ResponderFunction/").FirstOrDefault();
                if (pid is not { } victim)
                {
                    throw new InvalidOperationException("no responder process to kill");
                }

                Process.GetProcessById(victim).Kill();
                return $"SIGKILLed responder process {victim}";
            default:
                return "no fault injected";
        }
    }

    /// <summary>Children of <paramref name="parent"/> whose command line contains <paramref name="marker"/>.</summary>
    public static List<int> ChildProcesses(int parent, string marker)
    {
        var found = new List<int>();
        foreach (string dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out int pid))
            {
                continue;
            }

            try
            {
                string stat = File.ReadAllText(Path.Combine(dir, "stat"));
                int ppid = int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], CultureInfo.InvariantCulture);
                if ((parent < 0 || ppid == parent) && File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ').Contains(marker, StringComparison.Ordinal))
                {
                    found.Add(pid);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Ended while we looked.
            }
        }

        return found;
    }

    private static async Task RunAsync(string program, params string[] arguments)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(info)!;
        string errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed ({process.ExitCode}): {errors}");
        }
    }
}
