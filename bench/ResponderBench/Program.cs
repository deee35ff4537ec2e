using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Realtime.TestSupport;
using ResponderBench;

// Responder numbers against a private Mosquitto (see docs/responder.md). Bounded: well under two minutes.
//   dotnet run -c Release --project bench/ResponderBench [-- --pongs 5000]
int pongs = args.Length == 2 && args[0] == "--pongs" ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5000;
using var budget = new CancellationTokenSource(TimeSpan.FromSeconds(110));
var total = Stopwatch.StartNew();

// set_tcp_nodelay: without it Mosquitto's Nagle delay meets the receiver's delayed ACK and some deliveries wait 40 ms.
await using MosquittoBroker broker = await MosquittoBroker.StartAsync(new MosquittoBrokerOptions { ExtraConfigLines = ["set_tcp_nodelay true"] });
await using FakeRuntimeApi runtime = await FakeRuntimeApi.StartAsync();
await using WebSocketTcpBridge bridge = await WebSocketTcpBridge.StartAsync(broker.TcpPort);

Console.Error.WriteLine("broker floor ...");
Samples floor = await Bench.BrokerFloorAsync(broker.WebSocketUri, pongs, budget.Token);
Console.Error.WriteLine("WebSocket upgrade floor ...");
Samples upgrade = await Bench.WebSocketFloorAsync(broker.WebSocketUri, 20, budget.Token);
Samples bridgeUpgrade = await Bench.WebSocketFloorAsync(bridge.Endpoint, 20, budget.Token);
Console.Error.WriteLine("warm trigger -> ready ...");
Samples warm = await Bench.WarmReadyAsync(broker.WebSocketUri, sessions: 20, budget.Token);
Samples warmBridge = await Bench.WarmReadyAsync(bridge.Endpoint, sessions: 20, budget.Token);
Console.Error.WriteLine("cold trigger -> ready ...");
Samples cold = await Bench.ColdReadyAsync(broker.WebSocketUri, runtime, runs: 5, budget.Token);
Samples coldBridge = await Bench.ColdReadyAsync(bridge.Endpoint, runtime, runs: 8, budget.Token);
Console.Error.WriteLine("PONG round trips through the responder executable ...");
PongResult pong = await Bench.PongAsync(broker.WebSocketUri, runtime, pongs, budget.Token);

string configuration = typeof(Bench).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyConfigurationAttribute), false)
    .OfType<System.Reflection.AssemblyConfigurationAttribute>().FirstOrDefault()?.Configuration ?? "?";
Console.WriteLine($"Responder benchmark: {RuntimeInformation.FrameworkDescription}, {configuration}, {Environment.ProcessorCount} cores, " +
    $"{RuntimeInformation.OSDescription}; Mosquitto on loopback WebSocket; {total.Elapsed.TotalSeconds:0} s in all.");
Console.WriteLine();
Console.WriteLine("| Measurement | Result | How |");
Console.WriteLine("|---|---|---|");
Console.WriteLine($"| Trigger → ready, warm (p50 / p99) | {warmBridge.P50P99} | in-process handler, already initialised; {warmBridge.Count} sessions; via the bridge |");
Console.WriteLine($"| Trigger → ready, cold (median; min–max) | {coldBridge.Percentile(50):0} ms; {coldBridge.Min:0}–{coldBridge.Max:0} ms | `dotnet ResponderFunction.dll` start under a fake Runtime API until ready; {coldBridge.Count} runs; via the bridge |");
Console.WriteLine($"| WebSocket upgrade, bridge (p50 / p99) | {bridgeUpgrade.P50P99} | bare `ClientWebSocket` connect to a Kestrel WebSocket → Mosquitto TCP bridge, {bridgeUpgrade.Count} connects |");
Console.WriteLine($"| Trigger → ready, warm / cold, Mosquitto websockets listener (p50) | {warm.Percentile(50):0} ms / {cold.Percentile(50):0} ms | the same, straight to Mosquitto's own listener |");
Console.WriteLine($"| WebSocket upgrade, Mosquitto listener (p50 / p99) | {upgrade.P50P99} | bare `ClientWebSocket` connect to Mosquitto 2.0's websockets listener, {upgrade.Count} connects |");
Console.WriteLine($"| PONG round trip via responder (p50 / p99) | {pong.RoundTrips.P50P99} | browser QoS 1 request → pong, sequential, {pong.RoundTrips.Count} requests |");
Console.WriteLine($"| Broker floor (p50 / p99) | {floor.P50P99} | one client publishing QoS 1 to a topic it subscribes to, {floor.Count} messages |");
Console.WriteLine($"| Responder CPU per 1,000 PONGs | {pong.CpuPerThousand.TotalMilliseconds:0} ms | user+system time of the responder process over the timed requests |");
Console.WriteLine($"| Responder peak memory | {pong.PeakMegabytes:0.0} MB | VmHWM of the responder process after init, hostile triggers and a {pong.RoundTrips.Count + Bench.WarmupPongs}-request session |");
return 0;
