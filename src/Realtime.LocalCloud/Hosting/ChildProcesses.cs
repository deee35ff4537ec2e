using System.Collections.Concurrent;
using System.Diagnostics;

namespace Realtime.LocalCloud.Hosting;

/// <summary>
/// Every child process the local cloud starts (Mosquitto, function instances), so that every exit path (Ctrl+C, SIGTERM,
/// normal shutdown, an unhandled exception, the test fixture's dispose) can kill them all, process trees included.
/// </summary>
internal static class ChildProcesses
{
    private static readonly ConcurrentDictionary<int, Process> s_children = new();
    private static int s_hooked;

    public static Process Start(ProcessStartInfo info)
    {
        HookExit();
        Process process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {info.FileName}");
        s_children[process.Id] = process;
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => s_children.TryRemove(process.Id, out _);
        return process;
    }

    public static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // Exited between the check and the kill.
        }

        s_children.TryRemove(process.Id, out _);
    }

    /// <summary>The ids of the children still running.</summary>
    public static IReadOnlyList<int> Snapshot() => [.. s_children.Keys];

    public static void KillAll()
    {
        foreach (Process process in s_children.Values)
        {
            Kill(process);
        }
    }

    private static void HookExit()
    {
        if (Interlocked.Exchange(ref s_hooked, 1) == 0)
        {
            AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();
            AppDomain.CurrentDomain.UnhandledException += (_, _) => KillAll();
        }
    }
}
