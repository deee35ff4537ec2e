using System.Diagnostics;

namespace Realtime.LocalCloud.Functions;

/// <summary>
/// A function's entry point: a native executable (or script) started directly, or, for an arm64 executable on an x64
/// machine, under qemu user-mode emulation with the Debian arm64 libraries (how the arm64 build is smoke-tested here).
/// </summary>
internal sealed record FunctionExecutable(string Path, ExecutableArchitecture Architecture)
{
    /// <summary>Debian's qemu-user-static and the folder where libc6-arm64-cross installs the arm64 C library.</summary>
    private const string Qemu = "/usr/bin/qemu-aarch64-static";
    private const string Arm64Libraries = "/usr/aarch64-linux-gnu";

    public ProcessStartInfo CreateStartInfo()
    {
        if (Architecture == ExecutableArchitecture.Host)
        {
            return new ProcessStartInfo(Path) { UseShellExecute = false };
        }

        if (Architecture != ExecutableArchitecture.Arm64)
        {
            throw new InvalidOperationException($"{Path} is an {Architecture.TemplateName} executable, which this {ExecutableArchitecture.Host.TemplateName} machine cannot run");
        }

        if (!File.Exists(Qemu) || !Directory.Exists(Arm64Libraries))
        {
            throw new InvalidOperationException(
                $"{Path} is an arm64 executable: running it here needs {Qemu} and {Arm64Libraries} " +
                "(apt-get install qemu-user-static libc6-arm64-cross)");
        }

        var info = new ProcessStartInfo(Qemu) { UseShellExecute = false };
        info.ArgumentList.Add("-L");
        info.ArgumentList.Add(Arm64Libraries);
        info.ArgumentList.Add(Path);
        return info;
    }
}
