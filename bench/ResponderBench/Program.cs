using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Realtime.TestSupport;
using ResponderBench;

// Responder benchmarks against a private Mosquitto (docs/responder.md, "Measured"). Bounded in count and time.
//   bench/run.sh responder            the comparison: seed design vs our responder vs a bare MQTTnet echo, 5 runs
//   bench/run.sh responder -- --bridge   the same, every WebSocket through a Kestrel bridge to Mosquitto's TCP listener
//                                     (no libwebsockets service-loop stalls; docs/responder.md)
//   bench/run.sh startup              trigger → ready, warm and cold
//   ResponderBench --echo <url> <id>  the bare echo process the comparison starts
// Options: --runs n, --requests n, --window n, --sequential n, --blocks n (the round trips are taken in n interleaved
// blocks, default 100). BENCH_RESPONDER_ENV="NAME=value;..." adds environment variables to our responder only
// (experiments such as thread-pool settings).
if (args is ["--echo", string url, string channel])
{
    return await BareEcho.RunAsync(new Uri(url), channel);
}

bool startup = args.Contains("--startup");
int runs = ArgValue("--runs", 5);
var defaults = new ComparisonSettings();
var settings = defaults with
{
    Requests = ArgValue("--requests", defaults.Requests), Window = ArgValue("--window", defaults.Window),
    Sequential = ArgValue("--sequential", defaults.Sequential), Blocks = ArgValue("--blocks", defaults.Blocks),
};
using var budget = new CancellationTokenSource(TimeSpan.FromMinutes(startup ? 2 : 3 * runs));
var total = Stopwatch.StartNew();

// set_tcp_nodelay: without it Mosquitto's Nagle delay meets the receiver's delayed ACK and some deliveries wait 40 ms.
await using MosquittoBroker broker = await MosquittoBroker.StartAsync(new MosquittoBrokerOptions { ExtraConfigLines = ["set_tcp_nodelay true"] });
await using FakeRuntimeApi runtime = await FakeRuntimeApi.StartAsync();
string configuration = typeof(Bench).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyConfigurationAttribute), false)
    .OfType<System.Reflection.AssemblyConfigurationAttribute>().FirstOrDefault()?.Configuration ?? "?";
string machine = $"{RuntimeInformation.FrameworkDescription}, {configuration}, {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}";

if (args.Contains("--frames"))
{
    await Diagnose.FramesAsync(broker.WebSocketUri, 1000, budget.Token);
    return 0;
}

if (startup)
{
    await using WebSocketTcpBridge bridge = await WebSocketTcpBridge.StartAsync(broker.TcpPort);
    Samples upgrade = await Bench.WebSocketFloorAsync(broker.WebSocketUri, 20, budget.Token);
    Samples bridgeUpgrade = await Bench.WebSocketFloorAsync(bridge.Endpoint, 20, budget.Token);
    Samples warm = await Bench.WarmReadyAsync(bridge.Endpoint, sessions: 20, budget.Token);
    Samples cold = await Bench.ColdReadyAsync(bridge.Endpoint, runtime, runs: 8, budget.Token);
    Console.WriteLine($"Responder start-up: {machine}; {total.Elapsed.TotalSeconds:0} s in all.");
    Console.WriteLine();
    Console.WriteLine("| Measurement | Result | How |");
    Console.WriteLine("|---|---|---|");
    Console.WriteLine($"| Trigger → ready, warm (p50 / p99) | {warm.P50P99} | in-process handler, already initialised; {warm.Count} sessions; via the bridge |");
    Console.WriteLine($"| Trigger → ready, cold (median; min–max) | {cold.Percentile(50):0} ms; {cold.Min:0}–{cold.Max:0} ms | the function executable (Native AOT under `bench/run.sh`) started under a fake Runtime API until ready; {cold.Count} runs; via the bridge |");
    Console.WriteLine($"| WebSocket upgrade, bridge / Mosquitto listener (p50) | {bridgeUpgrade.Percentile(50):0.00} / {upgrade.Percentile(50):0.00} ms | bare `ClientWebSocket` connects |");
    return 0;
}

// --bridge: Mosquitto 2.0.11 services its libwebsockets sockets outside its own poll set, so a WebSocket read can wait up
// to its 100 ms poll timeout (the stalls every contender and the floor show). Through the bridge Mosquitto sees only TCP
// clients, while every contender still speaks MQTT over WebSocket exactly as it ships.
await using WebSocketTcpBridge? comparisonBridge = args.Contains("--bridge") ? await WebSocketTcpBridge.StartAsync(broker.TcpPort) : null;
Uri comparisonEndpoint = comparisonBridge?.Endpoint ?? broker.WebSocketUri;
string brokerText = comparisonBridge is null
    ? "Mosquitto (websockets listener)"
    : "Mosquitto (TCP listener) behind a Kestrel WebSocket bridge in the benchmark process";
Console.WriteLine($"Responder comparison: {machine}; {brokerText} on loopback; " +
    $"{settings.Requests:N0} requests with window {settings.Window}, {settings.Sequential:N0} sequential round trips, {runs} runs.");
Console.WriteLine();
Console.WriteLine("| Run | Responder | msgs/s | CPU ms / 1,000 PONGs | RTT p50 / p99 (ms) | RTTs ≥ 50 ms; max | Floor p50 / p99 (ms) | Peak RSS |");
Console.WriteLine("|---|---|---|---|---|---|---|---|");
var comparison = new Comparison(comparisonEndpoint, runtime, settings);
for (int run = 1; run <= runs; run++)
{
    Console.Error.WriteLine($"run {run}/{runs} ...");
    (Samples floor, Samples secondFloor, IReadOnlyList<ContenderResult> results) = await comparison.RunAsync(budget.Token);
    foreach (ContenderResult result in results)
    {
        string peak = result.PeakMegabytes is double megabytes ? $"{megabytes:0} MB" : "";
        Console.WriteLine(
            $"| {run} | {result.Name} | {result.MessagesPerSecond:N0} | {result.CpuMsPerThousand:0.0} | {result.RoundTrips.P50P99.Replace(" ms", "", StringComparison.Ordinal)} | " +
            $"{result.RoundTrips.CountAtLeast(50)}; {result.RoundTrips.Max:0.0} ms | " +
            $"{floor.P50P99.Replace(" ms", "", StringComparison.Ordinal)} | {peak} |");
    }

    ContenderResult seed = results[0], ours = results[1], echo = results[2];
    double OverFloor(Samples roundTrips) => roundTrips.Percentile(50) / floor.Percentile(50);
    Console.WriteLine(
        $"| {run} | **goals** | {ours.MessagesPerSecond / seed.MessagesPerSecond:0.00}× seed (≥ 1.2), {ours.MessagesPerSecond / echo.MessagesPerSecond:0.00}× echo (≥ 0.9) | " +
        $"{ours.CpuMsPerThousand / seed.CpuMsPerThousand:0.00}× seed (≤ 0.5) | p50 {OverFloor(ours.RoundTrips):0.00}× floor (≤ 1.1), " +
        $"p99 {ours.RoundTrips.Percentile(99):0.00} vs seed {seed.RoundTrips.Percentile(99):0.00} (≤) | | | |");

    // The same ratio for every contender (the echo and the seed put ours in context), and for the second floor relay: what
    // two measurements of one and the same thing differ by in this run, the resolution of the p50 goal.
    Console.WriteLine($"| {run} | p50 ÷ the floor's p50 | | | seed {OverFloor(seed.RoundTrips):0.00}×, ours {OverFloor(ours.RoundTrips):0.00}×, " +
        $"bare echo {OverFloor(echo.RoundTrips):0.00}×, the floor again {OverFloor(secondFloor):0.00}× | | | |");
}

Console.Error.WriteLine($"{total.Elapsed.TotalSeconds:0} s in all.");
return 0;

int ArgValue(string name, int fallback)
{
    int index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
}
