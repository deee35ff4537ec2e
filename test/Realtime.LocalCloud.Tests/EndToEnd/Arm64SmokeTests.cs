using Realtime.TestSupport;

namespace Realtime.LocalCloud.Tests.EndToEnd;

/// <summary>
/// The template defaults to arm64, so the arm64 executables must work: the smoke run (the local cloud on
/// artifacts/arm64, under qemu on an x64 machine: a scoped session GET, trigger, ready, two PONGs, bye, no failed
/// invocation) is the same command as deploy/smoke-arm64.sh. ./build.sh test publishes artifacts/arm64 first.
/// </summary>
public sealed class Arm64SmokeTests
{
    [Fact]
    public async Task Arm64Executables_ServeASessionEndToEnd()
    {
        string folder = Path.Combine(RepositoryRoot.Path, "artifacts", "arm64");
        string bench = Path.Combine(RepositoryRoot.Path, "bench", "ColdStartBench", "bin", "Release", "net10.0", "ColdStartBench.dll");
        Assert.True(File.Exists(Path.Combine(folder, "SessionFunction", "SessionFunction")),
            $"no arm64 build in {folder}: run ./build.sh test (or deploy/package.sh --arch arm64) first");
        Assert.True(File.Exists(bench), $"{bench} is missing: build Lambdas.sln first");

        ProgramResult smoke = await DotnetProgram.RunAsync(bench, ["--smoke", folder], TimeSpan.FromMinutes(4));

        string text = smoke.Output + smoke.Errors;
        Assert.True(smoke.ExitCode == 0, $"smoke run exited with {smoke.ExitCode}:\n{text}");
        // The architecture the local cloud read from the executables' ELF headers, not the template's.
        Assert.Contains($"smoke run OK on {folder} (architecture: arm64)", text);
    }
}
