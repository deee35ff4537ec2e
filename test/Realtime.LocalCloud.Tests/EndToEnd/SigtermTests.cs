using System.Diagnostics;
using System.Text.RegularExpressions;
using Realtime.LocalCloud.Tests.Support;
using Realtime.TestSupport;

namespace Realtime.LocalCloud.Tests.EndToEnd;

/// <summary>
/// The local cloud as <c>./build.sh run</c> starts it, stopped with SIGTERM: it exits, its function processes are gone, and
/// its temp folder (TMPDIR, which the runtime's diagnostics pipes and every child use too) is left empty.
/// </summary>
public sealed partial class SigtermTests
{
    [Fact]
    public async Task Sigterm_StopsEverything_AndLeavesNothingInTmp()
    {
        string tmp = Directory.CreateTempSubdirectory("localcloud-sigterm-").FullName;
        try
        {
            string configuration = AppContext.BaseDirectory.Contains("/Debug/", StringComparison.Ordinal) ? "Debug" : "Release";
            string dll = Path.Combine(RepositoryRoot.Path, "src", "Realtime.LocalCloud", "bin", configuration, "net10.0", "Realtime.LocalCloud.dll");
            var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (string arg in new[] { dll, "--root", RepositoryRoot.Path, "--api-port", "0", "--demo-port", "0", "--iot-port", "0", "--sts-port", "0" })
            {
                info.ArgumentList.Add(arg);
            }

            info.Environment["TMPDIR"] = tmp;
            using Process process = Process.Start(info)!;
            var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
            var api = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
            process.OutputDataReceived += (_, e) =>
            {
                if (e.Data is not { } line)
                {
                    return;
                }

                output.Enqueue(line);
                if (ApiLine().Match(line) is { Success: true } m)
                {
                    api.TrySetResult(new Uri(m.Groups[1].Value));
                }
            };
            process.ErrorDataReceived += (_, e) => { if (e.Data is { } line) { output.Enqueue(line); } };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            try
            {
                Uri apiUrl = await api.Task.WaitAsync(TimeSpan.FromSeconds(60));
                using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
                using HttpResponseMessage session = await http.GetAsync(apiUrl); // starts a SessionFunction process
                Assert.True(session.IsSuccessStatusCode, string.Join(Environment.NewLine, output));
                int[] children = [.. ChildrenOf(process.Id)];
                Assert.NotEmpty(children);

                using (Process kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
                {
                    await kill.WaitForExitAsync();
                }

                await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
                Assert.Equal(0, process.ExitCode);
                Assert.All(children, pid => Assert.False(File.Exists($"/proc/{pid}/stat") && File.ReadAllText($"/proc/{pid}/stat").Split(' ')[2] != "Z", $"process {pid} still runs"));
                Assert.Empty(Directory.GetFileSystemEntries(tmp));
            }
            finally
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                }
            }
        }
        finally
        {
            Directory.Delete(tmp, recursive: true);
        }
    }

    /// <summary>Direct children of <paramref name="pid"/>, whichever of its threads started them.</summary>
    private static IEnumerable<int> ChildrenOf(int pid) =>
        Directory.GetDirectories($"/proc/{pid}/task")
            .SelectMany(task => File.ReadAllText(Path.Combine(task, "children")).Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(p => int.Parse(p, System.Globalization.CultureInfo.InvariantCulture));

    [GeneratedRegex(@"Session API\s+(http://\S+)")]
    private static partial Regex ApiLine();
}
