using System.Globalization;
using System.Runtime.InteropServices;
using ColdStartBench;
using ColdStartBench.Support;
using Realtime.TestSupport;

// Cold starts of both functions, Native AOT (what ships) and JIT (ReadyToRun, framework-dependent) side by side, through
// the local cloud on loopback. One command (publishes what is missing first, then well under a minute):
//   bench/run.sh coldstart    (builds this project, then runs the built program: not `dotnet run`, whose host would
//                              share the 2 cores with the measurement; the program takes --runs N)
// With an earlier commit's Native AOT build measured in the same run (bench/reference-build.sh publishes one):
//   bench/run.sh coldstart -- --reference "$(bench/reference-build.sh)"
// Smoke run of a folder of published functions (e.g. the arm64 build under qemu, deploy/smoke-arm64.sh):
//   dotnet run -c Release --project bench/ColdStartBench -- --smoke artifacts/arm64
int runs = 15;
string? smoke = null;
string? reference = null;
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--": break;
        case "--runs" when i + 1 < args.Length: runs = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--smoke" when i + 1 < args.Length: smoke = Path.GetFullPath(args[++i]); break;
        case "--reference" when i + 1 < args.Length: reference = Path.GetFullPath(args[++i]); break;
        default: Console.Error.WriteLine("usage: ColdStartBench [--runs N] [--reference <functions folder>] [--smoke <functions folder>]"); return 2;
    }
}

if (smoke is not null)
{
    return await Smoke.RunAsync(smoke);
}

string arch = Repository.HostArchitecture;
Console.Error.WriteLine($"publishing the Native AOT and JIT builds for {arch} (skipped when up to date) ...");
await Repository.PackageAsync("--arch", arch, "--if-stale");
await Repository.PackageAsync("--arch", arch, "--if-stale", "--jit");

// The local cloud itself runs fully JIT-optimized from its first call (no tiering): what is timed is the function's cold
// start, and tier-0 code plus background re-compilation in the emulator would add to it on 2 cores. The function processes
// do not inherit this variable (the local cloud passes them a clean environment).
var emulator = new Dictionary<string, string> { ["DOTNET_TieredCompilation"] = "0" };
var results = new Dictionary<string, Result>();
foreach ((string name, string folder) in new[] { ("AOT", Repository.AotFolder(arch)), ("JIT", Repository.JitFolder(arch)) })
{
    Console.Error.WriteLine($"{name}: session (scoped credentials through the local STS) and responder ...");
    Samples scoped, warm, responderCold, responderWarm;
    int sessionMb, responderMb;
    await using (LocalCloudProcess cloud = await LocalCloudProcess.StartAsync(Repository.Root, folder, [], emulator))
    {
        (scoped, warm, sessionMb) = await Measurements.SessionAsync(cloud, runs, warmRuns: 20);
        (responderCold, responderWarm, responderMb) = await Measurements.ResponderAsync(cloud, runs, warmRuns: 5);
    }

    Console.Error.WriteLine($"{name}: session without CLIENT_ROLE_ARN (unscoped: no STS call) ...");
    Samples unscoped;
    await using (LocalCloudProcess cloud = await LocalCloudProcess.StartAsync(Repository.Root, folder, ["--env", "CLIENT_ROLE_ARN="], emulator))
    {
        (unscoped, _, _) = await Measurements.SessionAsync(cloud, runs, warmRuns: 0);
    }

    results[name] = new Result(scoped, unscoped, warm, responderCold, responderWarm, sessionMb, responderMb);
}

// The earlier build's session only (its responder may not speak today's channel protocol), against ours again, one cold
// start of each in turn: two local clouds side by side, one per build.
var comparisons = new List<(string Name, Samples Reference, Samples Ours)>();
if (reference is not null)
{
    foreach ((string name, string[] extra) in new[] { ("Session cold, scoped", Array.Empty<string>()), ("Session cold, unscoped", ["--env", "CLIENT_ROLE_ARN="]) })
    {
        Console.Error.WriteLine($"{name}: reference {reference} and ours in turn ...");
        await using LocalCloudProcess earlier = await LocalCloudProcess.StartAsync(Repository.Root, reference, extra, emulator);
        await using LocalCloudProcess ours = await LocalCloudProcess.StartAsync(Repository.Root, Repository.AotFolder(arch), extra, emulator);
        (Samples referenceSamples, Samples ourSamples) = await Measurements.SessionInTurnAsync(earlier, ours, runs);
        comparisons.Add((name, referenceSamples, ourSamples));
    }
}

Result aot = results["AOT"], jit = results["JIT"];
Console.WriteLine($"Cold starts through the local cloud: {RuntimeInformation.OSDescription}, {Environment.ProcessorCount} cores, {arch}; " +
    $"{runs} cold runs per row (median, min–max), 128 MB functions.");
Console.WriteLine();
Console.WriteLine("| Measurement | Native AOT | JIT (ReadyToRun) | JIT ÷ AOT |");
Console.WriteLine("|---|---|---|---|");
Row("Session cold, scoped (spawn → first response, STS AssumeRole)", aot.Scoped, jit.Scoped);
Row("Session cold, unscoped (spawn → first response)", aot.Unscoped, jit.Unscoped);
Row("Session warm invocation (REPORT Duration)", aot.SessionWarm, jit.SessionWarm);
Row("Responder cold (spawn → first PONG at the browser)", aot.ResponderCold, jit.ResponderCold);
Row("Responder warm (trigger → first PONG)", aot.ResponderWarm, jit.ResponderWarm);
Console.WriteLine($"| Max Memory Used, session / responder (REPORT) | {aot.SessionMb} / {aot.ResponderMb} MB | {jit.SessionMb} / {jit.ResponderMb} MB | |");
Console.WriteLine();
if (comparisons.Count > 0)
{
    Console.WriteLine($"Against the Native AOT build in {reference}, one cold start of each in turn ({runs} each):");
    Console.WriteLine();
    Console.WriteLine("| Measurement | Reference build | Native AOT (ours) | ours ÷ reference |");
    Console.WriteLine("|---|---|---|---|");
    foreach ((string name, Samples referenceSamples, Samples ourSamples) in comparisons)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {referenceSamples} | {ourSamples} | {ourSamples.Median / referenceSamples.Median:0.00}× |"));
    }

    Console.WriteLine();
}

bool sessionGoal = aot.Scoped.Median <= 30 && jit.Scoped.Median / aot.Scoped.Median >= 8;
bool responderGoal = aot.ResponderCold.Median <= 50 && jit.ResponderCold.Median / aot.ResponderCold.Median >= 5;
Console.WriteLine($"Goal session scoped cold ≤ 30 ms and ≥ 8× faster than JIT: {(sessionGoal ? "met" : "NOT met")}");
Console.WriteLine($"Goal responder cold ≤ 50 ms and ≥ 5× faster than JIT: {(responderGoal ? "met" : "NOT met")}");
return 0;

static void Row(string name, Samples aot, Samples jit) =>
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {aot} | {jit} | {jit.Median / aot.Median:0.0}× |"));

internal sealed record Result(Samples Scoped, Samples Unscoped, Samples SessionWarm, Samples ResponderCold, Samples ResponderWarm, int SessionMb, int ResponderMb);
