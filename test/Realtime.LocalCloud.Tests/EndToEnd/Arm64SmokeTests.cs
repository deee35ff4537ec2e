using System.Diagnostics;
using Realtime.Hosting;
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

        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in new[] { bench, "--smoke", folder })
        {
            info.ArgumentList.Add(argument);
        }

        using Process process = await ChildProcesses.StartAsync(info);
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        string text = await output + await errors;
        Assert.True(process.ExitCode == 0, $"smoke run exited with {process.ExitCode}:\n{text}");
        // The architecture the local cloud read from the executables' ELF headers, not the template's.
        Assert.Contains($"smoke run OK on {folder} (architecture: arm64)", text);
    }
}
