using System.Globalization;
using System.Runtime.InteropServices;

namespace Realtime.Lambda;

/// <summary>
/// Dies with the local host that started this process when that host asks for it (<see cref="DieWithParent"/>): SIGKILL on
/// the parent's death (Linux <c>PR_SET_PDEATHSIG</c>), armed as the first thing the runtime host does. Lambda never sets the
/// variable, so there it costs one environment lookup. Before, the local cloud started functions through
/// <c>setpriv --pdeathsig KILL</c>, whose extra <c>exec</c> added ~3 ms to every local cold start (docs/runtime.md).
/// </summary>
internal static class ParentDeathSignal
{
    private const int PrSetPdeathsig = 1;
    private const int SigKill = 9;

    /// <summary>
    /// Arms the signal when <see cref="DieWithParent.PidVariable"/> names a process id, and exits at once when that process is no longer the
    /// parent (it died before the signal was armed).
    /// </summary>
    public static void ArmFromEnvironment()
    {
        if (!OperatingSystem.IsLinux() || !int.TryParse(Environment.GetEnvironmentVariable(DieWithParent.PidVariable), NumberStyles.None, CultureInfo.InvariantCulture, out int parent))
        {
            return;
        }

        // Once armed, the signal follows the parent; a parent that died since the fork shows as a changed parent id.
        if (prctl(PrSetPdeathsig, SigKill, 0, 0, 0) == 0 && getppid() != parent)
        {
            Environment.Exit(1);
        }
    }

    // Blittable signatures: a direct call, no marshalling (Native AOT safe). prctl is variadic in C; on the Linux x64 and
    // arm64 ABIs integer arguments travel the same way either way.
    [DllImport("libc", EntryPoint = "prctl")]
#pragma warning disable SYSLIB1054 // LibraryImport needs unsafe code enabled for the whole project; these two need no marshalling.
    private static extern int prctl(int option, nuint arg2, nuint arg3, nuint arg4, nuint arg5);

    [DllImport("libc", EntryPoint = "getppid")]
    private static extern int getppid();
#pragma warning restore SYSLIB1054
}
