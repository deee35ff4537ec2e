using System.Diagnostics;
using Realtime.Hosting;

namespace Realtime.TestSupport;

/// <summary>What a finished program printed, and how it exited.</summary>
public sealed record ProgramResult(int ExitCode, string Output, string Errors);

/// <summary>Runs a built .NET program (<c>dotnet &lt;dll&gt; args</c>) to its end, as a user would from a shell.</summary>
public static class DotnetProgram
{
    /// <summary>
    /// Starts <paramref name="dll"/> with <paramref name="arguments"/> (through <see cref="ChildProcesses"/>, so it dies with
    /// the test host), waits for it to exit and returns what it printed; kills it and throws when it outlasts <paramref name="timeout"/>.
    /// </summary>
    public static async Task<ProgramResult> RunAsync(string dll, IEnumerable<string> arguments, TimeSpan timeout)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(dll);
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using Process process = await ChildProcesses.StartAsync(info).ConfigureAwait(false);
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> errors = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet {Path.GetFileName(dll)} did not exit within {timeout.TotalSeconds:0} s");
        }

        return new ProgramResult(process.ExitCode, await output.ConfigureAwait(false), await errors.ConfigureAwait(false));
    }
}
