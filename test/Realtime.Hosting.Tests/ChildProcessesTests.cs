using System.Diagnostics;
using System.Globalization;

namespace Realtime.Hosting.Tests;

/// <summary>
/// Children started through <see cref="ChildProcesses"/> run as asked, and die with their whole tree when killed. One class,
/// so its tests never run in parallel with each other (<see cref="ChildProcesses.KillAll"/> kills every tracked child).
/// </summary>
public sealed class ChildProcessesTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task StartAsync_RunsTheCommand_WithItsArgumentsAndEnvironment()
    {
        var info = Shell("echo \"$1-$GREETING\"; exit 3", "first");
        info.Environment["GREETING"] = "hello";
        info.RedirectStandardOutput = true;

        using Process process = await ChildProcesses.StartAsync(info);
        string output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(Wait);

        Assert.Equal("first-hello", output.Trim());
        Assert.Equal(3, process.ExitCode);
    }

    [Fact]
    public async Task StartAsync_WithSetpriv_AsksTheKernelToKillTheChildWithItsParent()
    {
        Assert.True(File.Exists("/usr/bin/setpriv"), "setpriv (util-linux) is part of every Debian install");
        var info = Shell("sleep 60");

        using Process process = await ChildProcesses.StartAsync(info);
        try
        {
            Assert.Equal("/usr/bin/setpriv", info.FileName);
            Assert.Equal(["--pdeathsig", "KILL", "--", "/bin/sh", "-c", "sleep 60", "sh"], info.ArgumentList);
        }
        finally
        {
            ChildProcesses.Kill(process);
        }
    }

    [Fact]
    public async Task StartAsync_ForAChildThatArmsTheSignalItself_StartsItDirectly_WithThisProcessIdInItsEnvironment()
    {
        var info = Shell("echo \"$REALTIME_DIE_WITH_PARENT_PID $PPID\"");
        info.RedirectStandardOutput = true;

        using Process process = await ChildProcesses.StartAsync(info, childArmsParentDeathSignal: true);
        string output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(Wait);

        Assert.Equal("/bin/sh", info.FileName);
        string self = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        // The variable names this process, which is the child's parent (no setpriv in between).
        Assert.Equal($"{self} {self}", output.Trim());
    }

    [Fact]
    public async Task Kill_EndsTheProcessAndItsDescendants()
    {
        using Process process = await ChildProcesses.StartAsync(Shell("sleep 60 & sleep 60 & wait"));
        int[] children = await ChildrenOfAsync(process.Id, count: 2);

        ChildProcesses.Kill(process);

        await process.WaitForExitAsync().WaitAsync(Wait);
        foreach (int child in children)
        {
            await WaitUntilGoneAsync(child);
        }
    }

    [Fact]
    public async Task Kill_EndsGrandchildrenToo()
    {
        using Process process = await ChildProcesses.StartAsync(Shell("sh -c 'sleep 60 & wait' & wait"));
        int[] children = await ChildrenOfAsync(process.Id, count: 1);
        int[] grandchildren = await ChildrenOfAsync(children[0], count: 1);

        ChildProcesses.Kill(process);

        await process.WaitForExitAsync().WaitAsync(Wait);
        foreach (int descendant in children.Concat(grandchildren))
        {
            await WaitUntilGoneAsync(descendant);
        }
    }

    [Fact]
    public async Task Kill_OfAnExitedProcess_DoesNothing()
    {
        using Process process = await ChildProcesses.StartAsync(Shell("exit 0"));
        await process.WaitForExitAsync().WaitAsync(Wait);

        ChildProcesses.Kill(process);
        ChildProcesses.Kill(process);

        Assert.True(process.HasExited);
    }

    [Fact]
    public async Task KillAll_EndsEveryTrackedChild()
    {
        using Process first = await ChildProcesses.StartAsync(Shell("sleep 60"));
        using Process second = await ChildProcesses.StartAsync(Shell("sleep 60"));

        ChildProcesses.KillAll();

        await first.WaitForExitAsync().WaitAsync(Wait);
        await second.WaitForExitAsync().WaitAsync(Wait);
    }

    private static ProcessStartInfo Shell(string script, params string[] arguments)
    {
        var info = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(script);
        info.ArgumentList.Add("sh");
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        return info;
    }

    /// <summary>The process's direct children once there are <paramref name="count"/> of them (read from /proc).</summary>
    private static async Task<int[]> ChildrenOfAsync(int pid, int count)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            int[] children = [.. Directory.EnumerateDirectories("/proc")
                .Select(Path.GetFileName)
                .Where(name => int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out _))
                .Select(name => int.Parse(name!, CultureInfo.InvariantCulture))
                .Where(child => ParentOf(child) == pid)];
            if (children.Length >= count)
            {
                return children;
            }

            Assert.True(waited.Elapsed < Wait, $"process {pid} has {children.Length} children, expected {count}");
            await Task.Delay(20);
        }
    }

    private static int? ParentOf(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            // pid (comm) state ppid ...: comm may contain spaces, so read after the last ')'.
            return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return null; // ended while we looked
        }
    }

    /// <summary>Waits until <paramref name="pid"/> is gone or a zombie (killed, not reaped yet by its dead parent's reaper).</summary>
    private static async Task WaitUntilGoneAsync(int pid)
    {
        var waited = Stopwatch.StartNew();
        while (File.Exists($"/proc/{pid}/stat") && !IsZombie(pid))
        {
            Assert.True(waited.Elapsed < Wait, $"process {pid} still runs");
            await Task.Delay(20);
        }
    }

    private static bool IsZombie(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].StartsWith('Z');
        }
        catch (IOException)
        {
            return true;
        }
    }
}
