using Realtime.LocalCloud.Hosting;
using Realtime.LocalCloud.Tests.Support;

namespace Realtime.LocalCloud.Tests.EndToEnd;

/// <summary>Stopping the local cloud leaves no child process (function instances) and none of their files in /tmp behind.</summary>
public sealed class ShutdownTests
{
    [Fact]
    public async Task Dispose_KillsEveryFunctionProcess_AndLeavesNothingInTmp()
    {
        var log = new LocalLog(console: false);
        var pids = new System.Collections.Concurrent.ConcurrentBag<int>();
        LocalCloudHost host = await LocalCloudHost.StartAsync(LocalCloudFixture.Options(), log);
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            using HttpResponseMessage response = await http.GetAsync(host.ApiUrl);
            Assert.True(response.IsSuccessStatusCode);
            foreach (int pid in host.ChildProcessIds())
            {
                pids.Add(pid);
            }
        }
        finally
        {
            await host.DisposeAsync();
        }

        Assert.True(pids.Count >= 1, "expected at least one SessionFunction process");
        Assert.All(pids, pid => Assert.False(Directory.Exists($"/proc/{pid}") && !IsZombie(pid), $"process {pid} still runs"));
        // A killed .NET process leaves its debugger pipes and diagnostics socket (named by pid) unless diagnostics are off.
        string[] leftovers = [.. pids.SelectMany(pid => Directory.GetFileSystemEntries(Path.GetTempPath(), $"*-{pid}-*"))];
        Assert.Empty(leftovers);
    }

    private static bool IsZombie(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/stat").Split(' ')[2] == "Z";
        }
        catch (IOException)
        {
            return true;
        }
    }
}
