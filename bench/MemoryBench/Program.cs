using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using ColdStartBench.Support;
using Realtime.TestSupport;
using MemoryBench;

// Both functions as shipped (Native AOT, artifacts/<arch>) through the local cloud, each in its own 128 MB cgroup v1
// memory limit: the session function serves 1,000 GETs with scoped credentials (STS AssumeRole through the local STS),
// the responder a burst of 20,000 requests on one session (at most 100 unanswered, AWS IoT's in-flight limit). Reports peak memory and whether anything was OOM-killed.
//   dotnet run -c Release --project bench/MemoryBench [-- --requests 20000 --gets 1000]
int requests = 20_000, gets = 1_000;
for (int i = 0; i + 1 < args.Length; i += 2)
{
    int value = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
    switch (args[i])
    {
        case "--requests": requests = value; break;
        case "--gets": gets = value; break;
        default: Console.Error.WriteLine("usage: MemoryBench [--requests N] [--gets N]"); return 2;
    }
}

const long Limit = 128L * 1024 * 1024;
const string SessionName = "SessionFunction", ResponderName = "ResponderFunction";
string arch = Repository.HostArchitecture;
Console.Error.WriteLine($"publishing the Native AOT build for {arch} (skipped when up to date) ...");
await Repository.PackageAsync("--arch", arch, "--if-stale");

string id = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
using MemoryCgroup sessionGroup = MemoryCgroup.Create($"realtime-memorybench-{id}-session", Limit);
using MemoryCgroup responderGroup = MemoryCgroup.Create($"realtime-memorybench-{id}-responder", Limit);
string functions = Directory.CreateTempSubdirectory("memorybench-").FullName;
try
{
    // The local cloud starts <folder>/<LogicalId>/<Handler>: here a script that joins the function's cgroup, then execs the
    // real executable, so the limit applies from the first instruction.
    WriteLauncher(functions, SessionName, sessionGroup);
    WriteLauncher(functions, ResponderName, responderGroup);

    int served = 0, pongs = 0;
    double sessionSeconds, burstSeconds;
    IReadOnlyList<Report> sessionReports, responderReports;
    await using (LocalCloudProcess cloud = await LocalCloudProcess.StartAsync(Repository.Root, functions, []))
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        Console.Error.WriteLine($"session function: {gets} GETs ...");
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < gets; i++)
        {
            await Browser.GetSessionAsync(http, cloud.ApiUrl);
            served++;
        }

        sessionSeconds = clock.Elapsed.TotalSeconds;
        Console.Error.WriteLine($"responder: a burst of {requests} requests on one session ...");
        await using (Browser browser = await Browser.ConnectAsync(await Browser.GetSessionAsync(http, cloud.ApiUrl)))
        {
            await browser.TriggerAsync();
            await browser.WaitAsync("ready", TimeSpan.FromSeconds(30));
            clock.Restart();
            using (var limit = new CancellationTokenSource(TimeSpan.FromMinutes(3)))
            {
                try
                {
                    await browser.BurstAsync(requests, window: 100, limit.Token);
                }
                catch (OperationCanceledException)
                {
                    // Reported below as fewer PONGs than requests.
                }
            }

            while (browser.Pongs < requests && clock.Elapsed < TimeSpan.FromMinutes(3))
            {
                await Task.Delay(20);
            }

            burstSeconds = clock.Elapsed.TotalSeconds;
            pongs = browser.Pongs;
            await browser.ByeAsync();
            await browser.WaitAsync("bye", TimeSpan.FromSeconds(30));
        }

        await cloud.NextReportAsync(ResponderName, 0, TimeSpan.FromSeconds(30));
        sessionReports = cloud.Reports(SessionName);
        responderReports = cloud.Reports(ResponderName);
    }

    Console.WriteLine($"Memory inside a 128 MB cgroup v1 limit: Native AOT {arch}, {RuntimeInformation.OSDescription}, {Environment.ProcessorCount} cores.");
    Console.WriteLine();
    Console.WriteLine("| Function | Load | Peak RSS (VmHWM, REPORT Max Memory Used) | cgroup memory.max_usage_in_bytes | memory.failcnt | OOM kills | failed invocations |");
    Console.WriteLine("|---|---|---|---|---|---|---|");
    Row(SessionName, $"{served} GETs, scoped credentials ({gets / sessionSeconds:0}/s)", sessionReports, sessionGroup);
    Row(ResponderName, $"{pongs} of {requests} PONGs in {burstSeconds:0.0} s", responderReports, responderGroup);
    bool ok = served == gets && pongs == requests
              && sessionReports.Concat(responderReports).All(r => !r.IsError && r.MaxMemoryMb <= 48)
              && sessionGroup.OomKills + responderGroup.OomKills == 0;
    Console.WriteLine();
    Console.WriteLine($"Goal ≤ 48 MB peak each, all requests answered, nothing killed: {(ok ? "met" : "NOT met")}");
    return ok ? 0 : 1;
}
finally
{
    Directory.Delete(functions, recursive: true);
}

static void WriteLauncher(string folder, string function, MemoryCgroup group)
{
    string executable = Path.Combine(Repository.AotFolder(Repository.HostArchitecture), function, function);
    string launcher = Path.Combine(folder, function, function);
    Directory.CreateDirectory(Path.GetDirectoryName(launcher)!);
    File.WriteAllText(launcher, $"#!/bin/sh\necho $$ > '{group.Path}/cgroup.procs' || exit 97\nexec '{executable}' \"$@\"\n");
    if (OperatingSystem.IsLinux())
    {
        File.SetUnixFileMode(launcher, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }
}

static void Row(string function, string load, IReadOnlyList<Report> reports, MemoryCgroup group) =>
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {function} | {load} | {reports.Max(r => r.MaxMemoryMb)} MB | {group.MaxUsageBytes / (1024.0 * 1024):0.0} MB | {group.FailCount} | {group.OomKills} | {reports.Count(r => r.IsError)} of {reports.Count} |"));
