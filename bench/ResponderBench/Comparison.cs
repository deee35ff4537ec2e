using System.Diagnostics;
using Realtime.TestSupport;

namespace ResponderBench;

/// <summary>The numbers of one responder in one run.</summary>
internal sealed record ContenderResult(string Name, double MessagesPerSecond, double CpuMsPerThousand, Samples RoundTrips, double? PeakMegabytes);

/// <summary>
/// One run of the comparison: the broker's two-hop floor, then each responder in turn on a fresh channel: a warm-up, the
/// window workload (throughput and CPU) and the sequential workload (round-trip times). All through one Mosquitto.
/// </summary>
internal sealed class Comparison(Uri endpoint, FakeRuntimeApi runtime, ComparisonSettings settings)
{
    public async Task<(Samples Floor, IReadOnlyList<ContenderResult> Results)> RunAsync(CancellationToken cancellationToken)
    {
        Samples floor = await FloorAsync(cancellationToken);
        var results = new List<ContenderResult>
        {
            await MeasureAsync(id => Contender.StartSeedAsync(endpoint, id), cancellationToken),
            await MeasureAsync(id => Contender.StartOursAsync(endpoint, runtime, id), cancellationToken),
            await MeasureAsync(id => Contender.StartEchoAsync(endpoint, id), cancellationToken),
        };
        return (floor, results);
    }

    /// <summary>client → broker → relay client → broker → client, all in this process: what any responder adds to.</summary>
    private async Task<Samples> FloorAsync(CancellationToken cancellationToken)
    {
        string channel = NewChannelId();
        string response = $"foobar/{channel}/response";
        byte[] pong = """{"type":"pong"}"""u8.ToArray();
        BenchClient? relay = null;
        relay = await BenchClient.ConnectAsync(endpoint, $"relay-{channel}", (_, _) =>
        {
            relay!.Publish(response, pong);
            return Task.CompletedTask;
        }, cancellationToken);
        await using (relay)
        {
            await relay.SubscribeAsync($"foobar/{channel}/request", cancellationToken);
            await using LoadGenerator generator = await LoadGenerator.ConnectAsync(endpoint, channel, cancellationToken);
            await generator.SequentialAsync(settings.Warmup / 4, cancellationToken);
            return await generator.SequentialAsync(settings.Sequential, cancellationToken);
        }
    }

    private async Task<ContenderResult> MeasureAsync(Func<string, Task<Contender>> start, CancellationToken cancellationToken)
    {
        string channel = NewChannelId();
        await using LoadGenerator generator = await LoadGenerator.ConnectAsync(endpoint, channel, cancellationToken);
        await using Contender contender = await start(channel);
        Console.Error.WriteLine($"  {contender.Name} ...");
        await generator.WaitForReadyAsync(cancellationToken).WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);

        await generator.WindowAsync(settings.Warmup, settings.Window, cancellationToken); // JIT, pools, caches
        TimeSpan cpuBefore = contender.CpuTime();
        TimeSpan elapsed = await generator.WindowAsync(settings.Requests, settings.Window, cancellationToken);
        TimeSpan cpu = contender.CpuTime() - cpuBefore;
        Samples roundTrips = await generator.SequentialAsync(settings.Sequential, cancellationToken);
        double? peak = contender.Name.StartsWith("our", StringComparison.Ordinal) ? ProcessStats.PeakResidentMegabytes(contender.Process) : null;
        await contender.StopAsync(generator);
        if (generator.PublishFailures > 0)
        {
            throw new InvalidOperationException($"{generator.PublishFailures} requests to {contender.Name} failed to publish.");
        }

        return new ContenderResult(
            contender.Name, settings.Requests / elapsed.TotalSeconds, cpu.TotalMilliseconds * 1000 / settings.Requests, roundTrips, peak);
    }

    private static string NewChannelId() => Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(10));
}

/// <summary>Workload sizes.</summary>
internal sealed record ComparisonSettings(int Requests = 20_000, int Window = 50, int Sequential = 3_000, int Warmup = 2_000);
