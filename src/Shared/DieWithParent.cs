namespace Realtime;

/// <summary>
/// The contract between a host that starts function processes and the functions' runtime host: the host puts its own
/// process id in <see cref="PidVariable"/>, and a function that sees it asks the kernel for SIGKILL when that parent dies.
/// Compiled into Realtime.Hosting (the side that sets it) and Realtime.Lambda (the side that reads it).
/// </summary>
internal static class DieWithParent
{
    /// <summary>The environment variable naming the parent the process must not outlive.</summary>
    public const string PidVariable = "REALTIME_DIE_WITH_PARENT_PID";
}
