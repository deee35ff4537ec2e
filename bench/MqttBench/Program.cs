using System.Diagnostics;
using MqttBench;
using Realtime.Mqtt;
using Realtime.TestSupport;

// Round-trip latency and throughput through a private Mosquitto: our client over WebSocket next to the broker floor
// measured in the same run (one connection publishing to a topic it is subscribed to, driven with the codec only over
// plain TCP). The machine may be shared, so the targets take turns for several rounds and each figure is the median.
const int Rounds = 3;
const int Warmup = 1000;
const int RoundTrips = 5000;
const int Burst = 30_000;
const int Qos1Window = 20; // Mosquitto's default max_inflight_messages; AWS IoT allows 100.
byte[] payload = new byte[100];
new Random(1).NextBytes(payload);

var total = Stopwatch.StartNew();
// Mosquitto drops QoS 0 messages for a client with more than max_queued_messages (default 1000) packets waiting to go
// out; a burst that publishes faster than it reads back would lose some, so the bench broker queues more.
await using MosquittoBroker broker = await MosquittoBroker.StartAsync(new MosquittoBrokerOptions { ExtraConfigLines = ["max_queued_messages 1000000"] });
await using IBenchTarget floor = await RawTarget.StartAsync("broker floor: raw TCP, codec only", await RawLink.ConnectAsync(broker.TcpPort), "bench/floor");
await using IBenchTarget client = await ClientTarget.StartAsync(broker.WebSocketUri, "bench/client");
IBenchTarget[] targets = [floor, client];
MqttQos[] levels = [MqttQos.AtMostOnce, MqttQos.AtLeastOnce];
var results = targets.SelectMany(t => levels.Select(q => (t, q))).ToDictionary(k => k, _ => new List<(double P50, double P99, double Rate)>());

foreach (IBenchTarget target in targets)
{
    for (int i = 0; i < Warmup; i++)
    {
        await target.RoundTripAsync(levels[i % 2], payload);
    }

    await target.PublishManyAsync(MqttQos.AtLeastOnce, Burst / 10, Qos1Window, payload);
}

for (int round = 0; round < Rounds; round++)
{
    foreach (IBenchTarget target in targets)
    {
        foreach (MqttQos qos in levels)
        {
            var samples = new double[RoundTrips];
            for (int i = 0; i < RoundTrips; i++)
            {
                long started = Stopwatch.GetTimestamp();
                await target.RoundTripAsync(qos, payload);
                samples[i] = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
            }

            Array.Sort(samples);
            long burstStarted = Stopwatch.GetTimestamp();
            await target.PublishManyAsync(qos, Burst, Qos1Window, payload);
            double rate = Burst / Stopwatch.GetElapsedTime(burstStarted).TotalSeconds;
            results[(target, qos)].Add((samples[RoundTrips / 2], samples[RoundTrips * 99 / 100], rate));
        }
    }
}

Console.WriteLine($"Mosquitto (max_queued_messages 1000000) on 127.0.0.1, {payload.Length}-byte payloads; per row and round {RoundTrips:N0} sequential round trips and a burst of {Burst:N0} (QoS 1: {Qos1Window} in flight); median of {Rounds} rounds; {Environment.ProcessorCount} cores, .NET {Environment.Version}.");
Console.WriteLine();
Console.WriteLine("| path | QoS | round trip p50 (µs) | round trip p99 (µs) | messages/s (publish + receive) |");
Console.WriteLine("| --- | --- | ---: | ---: | ---: |");
foreach (((IBenchTarget target, MqttQos qos), List<(double P50, double P99, double Rate)> runs) in results)
{
    Console.WriteLine($"| {target.Name} | {(int)qos} | {Median(runs.Select(r => r.P50)):0} | {Median(runs.Select(r => r.P99)):0} | {Median(runs.Select(r => r.Rate)):N0} |");
}

Console.WriteLine();
Console.WriteLine($"Total run time {total.Elapsed.TotalSeconds:0.0} s.");

static double Median(IEnumerable<double> values)
{
    double[] sorted = values.Order().ToArray();
    return sorted[sorted.Length / 2];
}
