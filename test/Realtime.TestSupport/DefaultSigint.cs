using System.Diagnostics;

namespace Realtime.TestSupport;

/// <summary>
/// Starts a process with SIGINT at its default disposition, whatever the test run inherited. A job started in the
/// background by a shell without job control (<c>./.ci/run &amp;</c>, <c>nohup</c>) ignores SIGINT, every descendant
/// inherits that, and .NET leaves an ignored signal ignored: a local cloud started from such a run would not stop on the
/// Ctrl+C the tests send it.
/// </summary>
public static class DefaultSigint
{
    private const string Env = "/usr/bin/env";

    /// <summary>Runs <paramref name="info"/>'s program through <c>env --default-signal=INT</c> (same process id: env execs it).</summary>
    public static ProcessStartInfo Apply(ProcessStartInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        info.ArgumentList.Insert(0, info.FileName);
        info.ArgumentList.Insert(0, "--default-signal=INT");
        info.FileName = Env;
        return info;
    }
}
