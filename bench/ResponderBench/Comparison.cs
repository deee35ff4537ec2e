using System.Diagnostics;
using Realtime.TestSupport;

namespace ResponderBench;

/// <summary>The numbers of one responder in one run.</summary>
internal sealed record ContenderResult(string Name, double MessagesPerSecond, double CpuMsPerThousand, Samples RoundTrips, double? PeakMegabytes);

/// <summary>
/// One run of the comparison, every responder on its own channel through one Mosquitto. Throughput and CPU: each responder
/// in turn (a warm-up, then the window workload) while the others sit idle. Round trips: the broker's two-hop floor and
/// every responder in interleaved blocks (30 sequential round trips each by default, in rotating order), so that a slow
/// stretch of the machine falls on all of them alike instead of on whichever was measured then. A second, identical floor
/// relay takes its turns too: two measurements of one thing, whose p50s differ only by what the method cannot resolve.
/// </summary>
internal sealed class Comparison(Uri endpoint, FakeRuntimeApi runtime, ComparisonSettings settings)
{
    public async Task<(Samples Floor, Samples SecondFloor, IReadOnlyList<ContenderResult> Results)> RunAsync(CancellationToken cancellationToken)
    {
        var lanes = new List<Lane>();
        try
        {
            await using FloorRelay floor = await FloorRelay.StartAsync(endpoint, BenchChannel.NewId(), cancellationToken);
            await using FloorRelay secondFloor = await FloorRelay.StartAsync(endpoint, BenchChannel.NewId(), cancellationToken);
            lanes.Add(await Lane.StartAsync(endpoint, id => Contender.StartSeedAsync(endpoint, id), BenchChannel.NewId(), cancellationToken));
            lanes.Add(await Lane.StartAsync(endpoint, id => Contender.StartOursAsync(endpoint, runtime, id), BenchChannel.NewId(), cancellationToken));
            lanes.Add(await Lane.StartAsync(endpoint, id => Contender.StartEchoAsync(endpoint, id), BenchChannel.NewId(), cancellationToken));

            foreach (Lane lane in lanes)
            {
                Console.Error.WriteLine($"  {lane.Contender.Name}: {settings.Requests:N0} requests, window {settings.Window} ...");
                await lane.MeasureThroughputAsync(settings, cancellationToken);
            }

            Console.Error.WriteLine($"  round trips: the floor (twice) and the responders in {settings.Blocks} interleaved blocks ...");
            var floorRoundTrips = new Samples();
            var secondFloorRoundTrips = new Samples();
            (LoadGenerator Generator, Samples RoundTrips)[] turns =
                [(floor.Generator, floorRoundTrips), (secondFloor.Generator, secondFloorRoundTrips), .. lanes.Select(l => (l.Generator, l.RoundTrips))];
            foreach ((LoadGenerator generator, _) in turns)
            {
                await generator.SequentialAsync(settings.Warmup / 4, cancellationToken); // pools, caches
            }

            int perBlock = Math.Max(1, settings.Sequential / settings.Blocks);
            for (int block = 0; block < settings.Blocks; block++)
            {
                for (int k = 0; k < turns.Length; k++)
                {
                    (LoadGenerator generator, Samples roundTrips) = turns[(block + k) % turns.Length];
                    roundTrips.AddRange(await generator.SequentialAsync(perBlock, cancellationToken));
                }
            }

            var results = new List<ContenderResult>();
            foreach (Lane lane in lanes)
            {
                results.Add(await lane.FinishAsync());
            }

            return (floorRoundTrips, secondFloorRoundTrips, results);
        }
        finally
        {
            foreach (Lane lane in lanes)
            {
                await lane.DisposeAsync();
            }
        }
    }

    /// <summary>One responder and the load generator on its channel.</summary>
    private sealed class Lane : IAsyncDisposable
    {
        private (double MessagesPerSecond, double CpuMsPerThousand) _throughput;

        private Lane(LoadGenerator generator, Contender contender)
        {
            Generator = generator;
            Contender = contender;
        }

        public LoadGenerator Generator { get; }

        public Contender Contender { get; }

        /// <summary>Sequential round-trip times, gathered block by block.</summary>
        public Samples RoundTrips { get; } = new();

        public static async Task<Lane> StartAsync(Uri endpoint, Func<string, Task<Contender>> start, string channel, CancellationToken cancellationToken)
        {
            LoadGenerator generator = await LoadGenerator.ConnectAsync(endpoint, channel, cancellationToken);
            Contender contender = await start(channel);
            var lane = new Lane(generator, contender);
            try
            {
                await generator.WaitForReadyAsync(cancellationToken).WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
                return lane;
            }
            catch
            {
                await lane.DisposeAsync();
                throw;
            }
        }

        public async Task MeasureThroughputAsync(ComparisonSettings settings, CancellationToken cancellationToken)
        {
            await Generator.WindowAsync(settings.Warmup, settings.Window, cancellationToken); // JIT, pools, caches
            TimeSpan cpuBefore = Contender.CpuTime();
            TimeSpan elapsed = await Generator.WindowAsync(settings.Requests, settings.Window, cancellationToken);
            TimeSpan cpu = Contender.CpuTime() - cpuBefore;
            _throughput = (settings.Requests / elapsed.TotalSeconds, cpu.TotalMilliseconds * 1000 / settings.Requests);
        }

        public async Task<ContenderResult> FinishAsync()
        {
            double? peak = Contender.Name.StartsWith("our", StringComparison.Ordinal) ? ProcessStats.PeakResidentMegabytes(Contender.Process) : null;
            await Contender.StopAsync(Generator);
            if (Generator.PublishFailures > 0)
            {
                throw new InvalidOperationException($"{Generator.PublishFailures} requests to {Contender.Name} failed to publish.");
            }

            return new ContenderResult(Contender.Name, _throughput.MessagesPerSecond, _throughput.CpuMsPerThousand, RoundTrips, peak);
        }

        public async ValueTask DisposeAsync()
        {
            await Contender.DisposeAsync();
            await Generator.DisposeAsync();
        }
    }
}

/// <summary>Workload sizes; <see cref="Blocks"/> is how many interleaved blocks the sequential round trips are split into.</summary>
internal sealed record ComparisonSettings(int Requests = 20_000, int Window = 50, int Sequential = 3_000, int Warmup = 2_000, int Blocks = 100);
