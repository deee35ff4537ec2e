using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Threading.Channels;
using Realtime.Lambda.TestUtilities;
using Realtime.Mqtt;
using Realtime.TestSupport;
using ResponderBench;
using ResponderFunction;
using ResponderFunction.Tests.Support;

// Responder numbers against a private Mosquitto (see docs/readme/responder.md). Bounded: well under two minutes.
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

internal sealed record PongResult(Samples RoundTrips, TimeSpan CpuPerThousand, double PeakMegabytes);

internal static class Bench
{
    public const int WarmupPongs = 2000;

    public static async Task<Samples> BrokerFloorAsync(Uri endpoint, int count, CancellationToken cancellationToken)
    {
        var arrivals = Channel.CreateUnbounded<long>();
        var options = new MqttClientOptions
        {
            Endpoint = endpoint,
            ClientId = "bench-floor",
            MessageHandler = (_, _) =>
            {
                arrivals.Writer.TryWrite(Stopwatch.GetTimestamp());
                return ValueTask.CompletedTask;
            },
        };
        await using MqttClient client = await MqttClient.ConnectAsync(options, cancellationToken);
        await client.SubscribeAsync("bench/floor", MqttQos.AtLeastOnce, cancellationToken);
        var samples = new Samples();
        byte[] payload = """{"requestId":"floor"}"""u8.ToArray();
        for (int i = 0; i < count + WarmupPongs; i++)
        {
            long start = Stopwatch.GetTimestamp();
            await client.PublishAsync(new MqttMessage("bench/floor", payload, MqttQos.AtLeastOnce), cancellationToken);
            long arrived = await arrivals.Reader.ReadAsync(cancellationToken);
            if (i >= WarmupPongs)
            {
                samples.Add(Stopwatch.GetElapsedTime(start, arrived));
            }
        }

        return samples;
    }

    public static async Task<Samples> WebSocketFloorAsync(Uri endpoint, int count, CancellationToken cancellationToken)
    {
        var samples = new Samples();
        for (int i = 0; i < count; i++)
        {
            using var socket = new System.Net.WebSockets.ClientWebSocket();
            socket.Options.AddSubProtocol("mqtt");
            long start = Stopwatch.GetTimestamp();
            await socket.ConnectAsync(endpoint, cancellationToken);
            samples.Add(Stopwatch.GetElapsedTime(start));
            socket.Abort();
        }

        return samples;
    }

    public static async Task<Samples> WarmReadyAsync(Uri endpoint, int sessions, CancellationToken cancellationToken)
    {
        var logger = new TestLambdaLogger();
        ResponderHandler handler = ResponderStartup.Create(new DictionaryEnvironmentVariables(Environment(endpoint, runtimeApi: null)), logger);
        var samples = new Samples();
        for (int i = -2; i < sessions; i++) // two untimed sessions first: "warm" means earlier invocations ran in this process
        {
            await using BrowserClient browser = await BrowserClient.ConnectAsync(endpoint);
            using JsonDocument trigger = JsonDocument.Parse(browser.RuleEvent());
            var context = new TestLambdaContext { Logger = logger, RemainingTime = TimeSpan.FromMinutes(1) };
            long start = Stopwatch.GetTimestamp();
            Task session = Task.Run(() => handler.HandleAsync(trigger.RootElement.Clone(), context), cancellationToken);
            await ExpectAsync(browser, "ready");
            if (i >= 0)
            {
                samples.Add(Stopwatch.GetElapsedTime(start));
            }

            await browser.ByeAsync();
            await session.WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);
        }

        return samples;
    }

    public static async Task<Samples> ColdReadyAsync(Uri endpoint, FakeRuntimeApi runtime, int runs, CancellationToken cancellationToken)
    {
        var samples = new Samples();
        for (int i = 0; i < runs; i++)
        {
            await using BrowserClient browser = await BrowserClient.ConnectAsync(endpoint);
            FakeRuntimeApiInvocation invocation = runtime.Enqueue(browser.RuleEvent(), timeout: TimeSpan.FromMinutes(1));
            long start = Stopwatch.GetTimestamp();
            await using ResponderProcess process = ResponderProcess.Start(Environment(endpoint, runtime.Address));
            await ExpectAsync(browser, "ready", TimeSpan.FromSeconds(30));
            samples.Add(Stopwatch.GetElapsedTime(start));
            await browser.ByeAsync();
            await runtime.WaitForResultAsync(invocation.RequestId, TimeSpan.FromSeconds(10)).WaitAsync(cancellationToken);
        }

        return samples;
    }

    public static async Task<PongResult> PongAsync(Uri endpoint, FakeRuntimeApi runtime, int count, CancellationToken cancellationToken)
    {
        await using ResponderProcess process = ResponderProcess.Start(Environment(endpoint, runtime.Address));
        foreach (string hostile in new[] { """{"channelId":"#"}""", """{"channelId":"a","clientId":"client-b"}""" })
        {
            FakeRuntimeApiInvocation rejected = runtime.Enqueue(hostile);
            await runtime.WaitForResultAsync(rejected.RequestId, TimeSpan.FromSeconds(30)).WaitAsync(cancellationToken);
        }

        await using BrowserClient browser = await BrowserClient.ConnectAsync(endpoint);
        FakeRuntimeApiInvocation invocation = runtime.Enqueue(browser.RuleEvent(), timeout: TimeSpan.FromMinutes(2));
        await ExpectAsync(browser, "ready", TimeSpan.FromSeconds(30));

        for (int i = 0; i < WarmupPongs; i++)
        {
            await browser.RequestAsync($"w{i}");
            await ExpectAsync(browser, "pong");
        }

        var samples = new Samples();
        TimeSpan cpuBefore = ProcessStats.CpuTime(process.Process);
        for (int i = 0; i < count; i++)
        {
            long start = Stopwatch.GetTimestamp();
            await browser.RequestAsync($"p{i}");
            await ExpectAsync(browser, "pong");
            samples.Add(Stopwatch.GetElapsedTime(start));
        }

        TimeSpan cpu = ProcessStats.CpuTime(process.Process) - cpuBefore;
        await browser.ByeAsync();
        await runtime.WaitForResultAsync(invocation.RequestId, TimeSpan.FromSeconds(10)).WaitAsync(cancellationToken);
        double peak = ProcessStats.PeakResidentMegabytes(process.Process);
        return new PongResult(samples, cpu * (1000.0 / count), peak);
    }

    private static async Task ExpectAsync(BrowserClient browser, string type, TimeSpan? timeout = null)
    {
        var message = await browser.NextAsync(timeout ?? TimeSpan.FromSeconds(10));
        if (message.Type != type)
        {
            throw new InvalidOperationException($"Expected '{type}', got '{message.Type}'.");
        }
    }

    private static Dictionary<string, string> Environment(Uri endpoint, string? runtimeApi)
    {
        var environment = new Dictionary<string, string>
        {
            ["AWS_IOT_ENDPOINT_URL"] = endpoint.ToString(),
            ["AWS_REGION"] = "us-east-1",
            ["AWS_ACCESS_KEY_ID"] = "AKIDLOCALBENCH",
            ["AWS_SECRET_ACCESS_KEY"] = "bench-secret",
            ["AWS_SESSION_TOKEN"] = "bench-token",
            ["AWS_LAMBDA_FUNCTION_NAME"] = "ResponderFunction",
            ["SESSION_IDLE_SECONDS"] = "30",
            ["DEADLINE_MARGIN_SECONDS"] = "5",
        };
        if (runtimeApi is not null)
        {
            environment["AWS_LAMBDA_RUNTIME_API"] = runtimeApi;
        }

        return environment;
    }
}
