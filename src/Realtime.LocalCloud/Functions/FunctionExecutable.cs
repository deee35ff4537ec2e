using System.Diagnostics;

namespace Realtime.LocalCloud.Functions;

/// <summary>
/// A function's entry point: a native executable (or script) started directly, or, for an arm64 executable on an x64
/// machine, under qemu user-mode emulation with Debian's multiarch arm64 libraries (how the arm64 build is smoke-tested here).
/// </summary>
internal sealed record FunctionExecutable(string Path, ExecutableArchitecture Architecture)
{
    /// <summary>Debian's qemu-user-static, and the arm64 dynamic loader of the multiarch C library (libc6:arm64).</summary>
    private const string Qemu = "/usr/bin/qemu-aarch64-static";
    private const string Arm64Loader = "/lib/ld-linux-aarch64.so.1";

    /// <summary>
    /// The guest's root for qemu: the executable's loader and every library it loads (libc, and OpenSSL at run time) come
    /// from the same multiarch tree. Not the cross toolchain's /usr/aarch64-linux-gnu: its loader is another build of
    /// glibc than the multiarch libc.so.6 that libssl3:arm64 brings, and that mix hangs in the first pthread_create (the
    /// two builds disagree on the loader's internal data layout, docs/deploy.md "Architecture").
    /// </summary>
    private const string GuestRoot = "/";

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

        if (!File.Exists(Qemu) || !File.Exists(Arm64Loader))
        {
            throw new InvalidOperationException(
                $"{Path} is an arm64 executable: running it here needs {Qemu} and {Arm64Loader} " +
                "(dpkg --add-architecture arm64; apt-get install qemu-user-static libc6:arm64 libssl3:arm64)");
        }

        var info = new ProcessStartInfo(Qemu) { UseShellExecute = false };
        info.ArgumentList.Add("-L");
        info.ArgumentList.Add(GuestRoot);
        info.ArgumentList.Add(Path);
        return info;
    }
}
