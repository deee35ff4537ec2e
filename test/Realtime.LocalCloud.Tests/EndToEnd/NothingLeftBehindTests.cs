using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Net;
using System.Runtime.InteropServices;
using Realtime.LocalCloud.Iam;
using Realtime.LocalCloud.Tests.Support;
using Realtime.TestSupport;

namespace Realtime.LocalCloud.Tests.EndToEnd;

/// <summary>
/// The local cloud started as <c>./build.sh run</c> starts it (the built dll on the published functions), with a private
/// TMPDIR, given work (sessions, and a responder holding a channel), then stopped with SIGTERM or SIGINT (Ctrl+C): it exits, no function process survives, and its TMPDIR
/// is empty, so nothing of ours stays in /tmp. Killed with SIGKILL (nothing of ours runs), the kernel still ends its
/// function processes.
/// </summary>
public sealed class NothingLeftBehindTests
{
    [Theory]
    [InlineData("TERM")]
    [InlineData("INT")]
    [InlineData("KILL")]
    public async Task Stopped_LeavesNoProcessAndNoFile(string signal)
    {
        string arch = RuntimeInformation.OSArchitecture == Architecture.Arm64 ? "arm64" : "x86_64";
        string functions = Path.Combine(RepositoryRoot.Path, "artifacts", arch);
        string dll = Path.Combine(RepositoryRoot.Path, "src", "Realtime.LocalCloud", "bin", "Release", "net10.0", "Realtime.LocalCloud.dll");
        Assert.True(File.Exists(Path.Combine(functions, "SessionFunction", "SessionFunction")), $"publish the functions first: deploy/package.sh --arch {arch} --if-stale");
        string tmp = Path.Combine(AppContext.BaseDirectory, $"tmpdir-{Guid.NewGuid():N}");
        Directory.CreateDirectory(tmp);
        try
        {
            int[] ports = FreePorts(4);
            var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (string argument in new[]
                     {
                         dll, "--root", RepositoryRoot.Path, "--functions", functions, "--api-port", Text(ports[0]), "--iot-port", Text(ports[1]),
                         "--sts-port", Text(ports[2]), "--demo-port", Text(ports[3]),
                     })
            {
                info.ArgumentList.Add(argument);
            }

            info.Environment["TMPDIR"] = tmp;
            using Process cloud = Process.Start(DefaultSigint.Apply(info))!;
            var running = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            cloud.OutputDataReceived += (_, e) => { if (e.Data?.Contains("Local cloud is running", StringComparison.Ordinal) == true) running.TrySetResult(); };
            cloud.ErrorDataReceived += (_, _) => { };
            cloud.BeginOutputReadLine();
            cloud.BeginErrorReadLine();
            await running.Task.WaitAsync(TimeSpan.FromSeconds(60));

            // Work: sessions from the API start SessionFunction execution environments (child processes).
            using (var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) })
            {
                for (int i = 0; i < 3; i++)
                {
                    using HttpResponseMessage response = await http.GetAsync(new Uri($"http://127.0.0.1:{ports[0]}/"));
                    Assert.True(response.IsSuccessStatusCode, $"GET / answered {(int)response.StatusCode}");
                }
            }

            // And a responder in the middle of an invocation (it holds a channel, so it is not just waiting for work and
            // would not notice the Runtime API going away by itself).
            AwsCli.Result published = await AwsCli.RunAsync(CredentialStore.AdminAccessKeyId, CredentialStore.AdminSecretAccessKey,
                "iot-data", "publish", "--endpoint-url", $"http://127.0.0.1:{ports[1]}", "--topic", "foobar/session",
                "--cli-binary-format", "raw-in-base64-out", "--payload", $"{{\"channelId\":\"left{signal.ToLowerInvariant()}\"}}");
            Assert.True(published.ExitCode == 0, $"aws iot-data publish failed ({published.ExitCode}): {published.Error}");
            await Poll.UntilAsync(() => Children(cloud.Id).Any(IsResponder), TimeSpan.FromSeconds(30), "a responder process under the local cloud");

            int[] children = Children(cloud.Id);
            Assert.Contains(children, IsResponder);

            using (Process kill = Process.Start("kill", [$"-{signal}", Text(cloud.Id)]))
            {
                await kill.WaitForExitAsync();
            }

            try
            {
                await cloud.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            }
            catch (TimeoutException)
            {
                // Do not leave it (and its functions) running for the tests after this one.
                cloud.Kill(entireProcessTree: true);
                throw;
            }

            if (signal == "KILL")
            {
                // No exit path of ours runs: the kernel kills the functions (the parent-death signal they armed at start).
                await Poll.UntilAsync(() => !children.Any(IsAlive), TimeSpan.FromSeconds(10), "every function process gone after the local cloud's SIGKILL",
                    () => "still running: " + string.Join(' ', children.Where(IsAlive)));
                return;
            }

            Assert.Equal(0, cloud.ExitCode);
            Assert.All(children, pid => Assert.False(IsAlive(pid), $"function process {pid} survived the local cloud"));
            Assert.Empty(Directory.EnumerateFileSystemEntries(tmp));
        }
        finally
        {
            Directory.Delete(tmp, recursive: true);
        }
    }

    private static int[] Children(int parent) =>
        [.. Directory.EnumerateDirectories("/proc")
            .Select(d => int.TryParse(Path.GetFileName(d), NumberStyles.None, CultureInfo.InvariantCulture, out int pid) ? pid : -1)
            .Where(pid => pid > 0 && ParentOf(pid) == parent)];

    private static int ParentOf(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return -1;
        }
    }

    private static bool IsResponder(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Contains("ResponderFunction", StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/stat").Split(' ')[2] != "Z";
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static int[] FreePorts(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        listeners.ForEach(l => l.Start());
        int[] ports = [.. listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port)];
        listeners.ForEach(l => l.Stop());
        return ports;
    }
}
