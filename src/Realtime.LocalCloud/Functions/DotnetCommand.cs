using System.Diagnostics;

namespace Realtime.LocalCloud.Functions;

/// <summary>How to run a framework-dependent .NET executable: <c>dotnet &lt;assembly&gt;.dll</c> with the same host as ours.</summary>
internal static class DotnetCommand
{
    // Variables a function process keeps from ours; everything else starts clean, as in a Lambda sandbox.
    private static readonly string[] s_inherited = ["PATH", "HOME", "TMPDIR", "DOTNET_ROOT", "DOTNET_CLI_HOME", "DOTNET_NOLOGO", "NUGET_PACKAGES"];

    public static ProcessStartInfo For(string assembly)
    {
        var info = new ProcessStartInfo(HostPath()) { UseShellExecute = false };
        info.ArgumentList.Add(assembly);
        return info;
    }

    public static IEnumerable<KeyValuePair<string, string>> InheritedEnvironment()
    {
        foreach (string name in s_inherited)
        {
            if (Environment.GetEnvironmentVariable(name) is { } value)
            {
                yield return new(name, value);
            }
        }
    }

    private static string HostPath()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host))
        {
            return host;
        }

        string? current = Environment.ProcessPath;
        return current is not null && Path.GetFileNameWithoutExtension(current) == "dotnet" ? current : "dotnet";
    }
}
