using System.Diagnostics;
using Realtime.LocalCloud.Tests.Support;

namespace Realtime.LocalCloud.Tests.Unit;

/// <summary>The demo page's own logic (web/requests.js) under node's test runner: Demo/requests.test.js.</summary>
public sealed class DemoPageLogicTests
{
    [Fact]
    public async Task RequestTracker_NodeTests_Pass()
    {
        string tests = Path.Combine(RepositoryRoot.Path, "test", "Realtime.LocalCloud.Tests", "Demo", "requests.test.js");
        var info = new ProcessStartInfo("node") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add("--test");
        info.ArgumentList.Add(tests);
        info.Environment["DEMO_WEB_DIR"] = Path.Combine(RepositoryRoot.Path, "src", "Realtime.LocalCloud", "web");
        using Process node = Process.Start(info)!;
        Task<string> output = node.StandardOutput.ReadToEndAsync();
        Task<string> error = node.StandardError.ReadToEndAsync();
        await node.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        string report = await output + await error;

        Assert.True(node.ExitCode == 0, report);
        Assert.Contains("# pass 5", report, StringComparison.Ordinal);
        Assert.Contains("# fail 0", report, StringComparison.Ordinal);
    }
}
