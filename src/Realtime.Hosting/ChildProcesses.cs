using System.Collections.Concurrent;
using System.Diagnostics;

namespace Realtime.Hosting;

/// <summary>
/// Starts and tracks child processes (the local cloud's Mosquitto and function instances, the test fixture's Mosquitto) so
/// that none outlives this process:
/// <list type="bullet">
/// <item>every exit path (Ctrl+C, SIGTERM, normal shutdown, an unhandled exception, a test fixture's dispose) kills the
/// children, process trees included;</item>
/// <item>and when this process dies without running any of them (SIGKILL, a crash, a test host killed by a hang
/// timeout), the kernel does: children are started through <c>setpriv --pdeathsig KILL</c> (PR_SET_PDEATHSIG), or, for a
/// child that arms that signal itself (our functions' runtime host does, see <see cref="DieWithParent"/>), directly with
/// this process's id in its environment, which saves setpriv's <c>exec</c> (~3 ms) on every function cold start. That
/// signal follows the death of the *thread* that forked the child, so all children are forked from one dedicated thread
/// that lives as long as the process. A child that changes user (Mosquitto started as root switches to its own user unless configured with <c>user root</c>) loses the
/// signal.</item>
/// </list>
/// </summary>
public static class ChildProcesses
{
    private const string SetPriv = "/usr/bin/setpriv";

    private static readonly ConcurrentDictionary<int, Process> s_children = new();
    private static readonly BlockingCollection<(ProcessStartInfo Info, TaskCompletionSource<Process> Started)> s_requests = [];
    private static readonly Lazy<Thread> s_launcher = new(StartLauncher);
    private static int s_hooked;

    /// <summary>Starts <paramref name="info"/> (through setpriv when present) from the launcher thread and tracks it.</summary>
    public static Task<Process> StartAsync(ProcessStartInfo info) => StartAsync(info, childArmsParentDeathSignal: false);

    /// <summary>
    /// Starts <paramref name="info"/> from the launcher thread and tracks it; when <paramref name="childArmsParentDeathSignal"/>,
    /// the child is started directly and told this process's id (<see cref="DieWithParent.PidVariable"/>) instead of
    /// going through setpriv.
    /// </summary>
    public static Task<Process> StartAsync(ProcessStartInfo info, bool childArmsParentDeathSignal)
    {
        ArgumentNullException.ThrowIfNull(info);
        HookExit();
        if (childArmsParentDeathSignal)
        {
            info.Environment[DieWithParent.PidVariable] = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        else if (File.Exists(SetPriv))
        {
            info.ArgumentList.Insert(0, info.FileName);
            foreach (string argument in new[] { "--pdeathsig", "KILL", "--" }.Reverse())
            {
                info.ArgumentList.Insert(0, argument);
            }

            info.FileName = SetPriv;
        }

        var started = new TaskCompletionSource<Process>(TaskCreationOptions.RunContinuationsAsynchronously);
        _ = s_launcher.Value;
        s_requests.Add((info, started));
        return started.Task;
    }

    private static Thread StartLauncher()
    {
        var thread = new Thread(Launch) { IsBackground = true, Name = "child-process-launcher" };
        thread.Start();
        return thread;
    }

    private static void Launch()
    {
        foreach (var (info, started) in s_requests.GetConsumingEnumerable())
        {
            try
            {
                Process process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {info.FileName}");
                int id = process.Id; // Process.Id throws once the owner has disposed the object; Exited may come later.
                s_children[id] = process;
                process.EnableRaisingEvents = true;
                process.Exited += (_, _) => s_children.TryRemove(id, out _);
                started.TrySetResult(process);
            }
            catch (Exception e)
            {
                started.TrySetException(e);
            }
        }
    }

    /// <summary>Kills the process and its descendants (nothing when it already exited) and stops tracking it.</summary>
    public static void Kill(Process process) => KillTrees([process]);

    /// <summary>Kills every tracked child still running.</summary>
    public static void KillAll() => KillTrees([.. s_children.Values]);

    /// <summary>
    /// Kills each process and then its descendants, found in one read of /proc for all of them. (.NET's
    /// <c>Process.Kill(entireProcessTree: true)</c> reads every process's /proc entry once per process killed: with a few
    /// hundred function processes, stopping the local cloud took 25 s.)
    /// </summary>
    private static void KillTrees(IReadOnlyList<Process> roots)
    {
        var ids = new List<int>(roots.Count);
        foreach (Process process in roots)
        {
            try
            {
                ids.Add(process.Id);
            }
            catch (InvalidOperationException)
            {
                // Never started or already disposed: nothing to kill.
            }
        }

        // A process already reaped has no descendants we could still find by parent: skip the /proc read when none runs.
        IReadOnlyList<int>? descendants = roots.Any(IsRunning) ? ProcessTree.TryFindDescendants(ids) : [];
        foreach (Process process in roots)
        {
            KillOne(process, entireProcessTree: descendants is null);
        }

        foreach (int id in descendants ?? [])
        {
            try
            {
                using Process descendant = Process.GetProcessById(id);
                KillOne(descendant, entireProcessTree: false);
            }
            catch (ArgumentException)
            {
                // Exited meanwhile.
            }
        }

        foreach (int id in ids)
        {
            s_children.TryRemove(id, out _);
        }
    }

    private static bool IsRunning(Process process)
    {
        try
        {
            return !process.HasExited;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static void KillOne(Process process, bool entireProcessTree)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree);
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
