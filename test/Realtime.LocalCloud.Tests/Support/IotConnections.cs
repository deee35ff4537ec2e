using System.Diagnostics;
using Microsoft.Playwright;

namespace Realtime.LocalCloud.Tests.Support;

/// <summary>
/// Fault injection for the IoT endpoint: drops every TCP connection to it at once, the way a network failure does.
/// As root, <c>ss -K dst 127.0.0.1 dport = :&lt;port&gt;</c> destroys the client side of each connection (browser and
/// responder alike) and the endpoint sees a reset; otherwise the page's own MQTT socket is destroyed from inside.
/// </summary>
internal static class IotConnections
{
    public static bool CanKillSockets { get; } = Environment.UserName == "root" || GetUid() == 0;

    /// <summary>Drops the connections; returns how ("ss -K" or "page socket destroyed").</summary>
    public static async Task<string> DropAllAsync(int port, IPage page)
    {
        if (!CanKillSockets)
        {
            await page.EvaluateAsync("() => demo.channel.mqttClient.stream.destroy()");
            return "page socket destroyed";
        }

        var info = new ProcessStartInfo("ss") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in new[] { "-K", "dst", "127.0.0.1", "dport", "=", $":{port}" })
        {
            info.ArgumentList.Add(arg);
        }

        using Process ss = Process.Start(info)!;
        Task<string> error = ss.StandardError.ReadToEndAsync();
        await ss.StandardOutput.ReadToEndAsync();
        await ss.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(ss.ExitCode == 0, $"ss -K failed: {await error}");
        return "ss -K";
    }

    private static int GetUid()
    {
        // /proc/self/status: "Uid:\t<real>\t<effective>\t..."
        string? line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("Uid:", StringComparison.Ordinal));
        string[] fields = line?.Split('\t', StringSplitOptions.RemoveEmptyEntries) ?? [];
        return fields.Length > 2 && int.TryParse(fields[2], out int uid) ? uid : -1;
    }
}
