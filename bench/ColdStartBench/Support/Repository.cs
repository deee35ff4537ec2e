using System.Diagnostics;
using System.Runtime.InteropServices;

namespace ColdStartBench.Support;

/// <summary>The repository the benchmark runs from, and the published function folders of deploy/package.sh.</summary>
public static class Repository
{
    public static string Root => Realtime.TestSupport.RepositoryRoot.Path;

    /// <summary>This machine's architecture as the template names it.</summary>
    public static string HostArchitecture => RuntimeInformation.OSArchitecture == Architecture.Arm64 ? "arm64" : "x86_64";

    /// <summary>artifacts/&lt;arch&gt;: the Native AOT executables the zips hold.</summary>
    public static string AotFolder(string arch) => Path.Combine(Root, "artifacts", arch);

    /// <summary>artifacts/jit-&lt;arch&gt;: the framework-dependent ReadyToRun builds, for comparison.</summary>
    public static string JitFolder(string arch) => Path.Combine(Root, "artifacts", "jit-" + arch);

    /// <summary>Runs deploy/package.sh with <paramref name="arguments"/> (it skips functions that are up to date).</summary>
    public static async Task PackageAsync(params string[] arguments)
    {
        var info = new ProcessStartInfo(Path.Combine(Root, "deploy", "package.sh"));
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(info)!;
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"deploy/package.sh {string.Join(' ', arguments)} failed ({process.ExitCode})");
        }
    }
}
