using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Realtime.Client;
using Realtime.TestSupport;

namespace Soak;

/// <summary>
/// One soak phase: a fresh local cloud on the published functions (its own TMPDIR), <see cref="SoakSettings.Channels"/>
/// channels opened through the client library, each sending <see cref="SoakSettings.Requests"/> requests one after another,
/// and one <see cref="Fault"/> injected when 30 % of the replies are in. Counts what the application sees.
/// </summary>
public static partial class SoakPhase
{
    private const double InjectAt = 0.3;

    public static async Task<PhaseResult> RunAsync(SoakSettings settings, Fault fault, Action<string>? progress = null)
    {
        int reserved = fault == Fault.ConcurrencyExhausted ? Math.Max(1, settings.Channels / 4) : settings.Channels + 10;
        // A TMPDIR of its own (under artifacts/, not /tmp): whatever the local cloud or a function leaves is found below.
        string tmp = Path.Combine(settings.Root, "artifacts", $"soak-tmp-{Environment.ProcessId}-{fault}");
        Directory.CreateDirectory(tmp);
        try
        {
            return await RunInAsync(settings, fault, reserved, tmp, progress);
        }
        finally
        {
            Directory.Delete(tmp, recursive: true);
        }
    }

    private static async Task<PhaseResult> RunInAsync(SoakSettings settings, Fault fault, int reserved, string tmp, Action<string>? progress)
    {
        var clock = Stopwatch.StartNew();
        LocalCloudProcess cloud = await LocalCloudProcess.StartAsync(
            settings.Root, settings.Functions,
            ["--parameter", $"ResponderReservedConcurrency={reserved}", "--parameter", $"ResponderLeaseSeconds={settings.LeaseSeconds}",
             "--parameter", "SessionIdleSeconds=30"],
            new Dictionary<string, string> { ["TMPDIR"] = tmp });
        var run = new Run(settings, fault, cloud, progress);
        long peakKb;
        try
        {
            await run.DriveAsync();
            // Responders end on the clients' bye; their REPORT lines (Max Memory Used) follow within a moment.
            await Task.Delay(TimeSpan.FromSeconds(2));
            peakKb = PeakKb(cloud.ProcessId);
        }
        finally
        {
            await cloud.DisposeAsync();
        }

        foreach (int pid in FaultInjector.ChildProcesses(-1, settings.Functions))
        {
            run.Errors.Enqueue($"process {pid} of the functions still runs after the local cloud stopped");
        }

        foreach (string left in Directory.EnumerateFileSystemEntries(tmp))
        {
            run.Errors.Enqueue($"left behind in TMPDIR: {Path.GetFileName(left)}");
        }

        return run.Result(peakKb, clock.Elapsed);
    }

    private static long PeakKb(int pid)
    {
        string? line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"Serving channel (?<id>[A-Za-z0-9_-]+)")]
    private static partial Regex ServingPattern();

    private sealed class Run(SoakSettings settings, Fault fault, LocalCloudProcess cloud, Action<string>? progress)
    {
        private readonly ConcurrentBag<double> _latencies = [];
        private readonly ConcurrentBag<string> _channelIds = [];
        private readonly TaskCompletionSource _injected = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private long _sent;
        private long _answered;
        private long _duplicatesToApp;
        private long _duplicatesDropped;
        private int _injecting;

        public ConcurrentQueue<string> Errors { get; } = new();

        private long Total => (long)settings.Channels * settings.Requests;

        public async Task DriveAsync()
        {
            using var limit = new CancellationTokenSource(settings.PhaseLimit);
            // The STS phase opens its second half only once STS is down: those opens must get through the outage.
            int firstWave = fault == Fault.StsUnavailable ? settings.Channels / 2 : settings.Channels;
            Task[] channels = [.. Enumerable.Range(0, settings.Channels).Select(i => ChannelAsync(i, i >= firstWave, limit.Token))];
            if (fault == Fault.None || fault == Fault.ConcurrencyExhausted)
            {
                _injected.TrySetResult();
            }

            await Task.WhenAll(channels);
        }

        public PhaseResult Result(long peakKb, TimeSpan elapsed)
        {
            double[] sorted = [.. _latencies.Order()];
            var served = cloud.Lines.Select(l => ServingPattern().Match(l.Text)).Where(m => m.Success)
                .GroupBy(m => m.Groups["id"].Value).ToDictionary(g => g.Key, g => g.Count());
            int[] perChannel = [.. _channelIds.Select(id => served.GetValueOrDefault(id))];
            var functionPeaks = new SortedDictionary<string, int>(StringComparer.Ordinal);
            foreach (string function in new[] { "SessionFunction", "ResponderFunction" })
            {
                IReadOnlyList<Report> reports = cloud.Reports(function);
                functionPeaks[function] = reports.Count == 0 ? 0 : reports.Max(r => r.MaxMemoryMb);
            }

            return new PhaseResult(
                fault, settings.Channels, Interlocked.Read(ref _sent), Interlocked.Read(ref _answered),
                Interlocked.Read(ref _duplicatesToApp), Interlocked.Read(ref _duplicatesDropped),
                perChannel.Length == 0 ? 0 : perChannel.Average(), perChannel.Length == 0 ? 0 : perChannel.Max(),
                Percentile(sorted, 0.50), Percentile(sorted, 0.99), peakKb / 1024, functionPeaks, elapsed, [.. Errors]);
        }

        private async Task ChannelAsync(int index, bool secondWave, CancellationToken cancellationToken)
        {
            // Spread the opens a little, as real users arrive: 200 channels within about 2 s.
            await Task.Delay(TimeSpan.FromMilliseconds(10 * index), cancellationToken);
            if (secondWave)
            {
                await _injected.Task.WaitAsync(cancellationToken);
            }

            ChannelClient? client = await OpenAsync(index, cancellationToken);
            if (client is null)
            {
                Interlocked.Add(ref _sent, settings.Requests);
                return;
            }

            _channelIds.Add(client.ChannelId);
            var seen = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
            client.MessageReceived += message =>
            {
                // Every request goes through RequestAsync: a reply that reaches the app here came twice (or was never asked for).
                if (message.ValueKind == JsonValueKind.Object && message.TryGetProperty("requestId", out _))
                {
                    Interlocked.Increment(ref _duplicatesToApp);
                }
            };
            try
            {
                for (int r = 0; r < settings.Requests; r++)
                {
                    Interlocked.Increment(ref _sent);
                    long start = Stopwatch.GetTimestamp();
                    try
                    {
                        JsonElement reply = await client.RequestAsync("""{"message":"PING"}""", settings.RequestTimeout, cancellationToken);
                        _latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                        string id = reply.GetProperty("requestId").GetString()!;
                        if (!seen.TryAdd(id, true))
                        {
                            Interlocked.Increment(ref _duplicatesToApp);
                        }

                        if (Interlocked.Increment(ref _answered) >= Total * InjectAt)
                        {
                            await InjectOnceAsync();
                        }
                    }
                    catch (Exception e) when (e is TimeoutException or ChannelClosedException or OperationCanceledException or InvalidOperationException)
                    {
                        Errors.Enqueue($"channel {index} request {r}: {e.GetType().Name}: {e.Message}");
                    }
                }
            }
            finally
            {
                Interlocked.Add(ref _duplicatesDropped, client.DuplicateRepliesDropped);
                await client.CloseAsync();
            }
        }

        private async Task<ChannelClient?> OpenAsync(int index, CancellationToken cancellationToken)
        {
            var options = new ChannelClientOptions { ReadyTimeout = TimeSpan.FromSeconds(90), RequestTimeout = settings.RequestTimeout };
            var deadline = Stopwatch.StartNew();
            for (int attempt = 1; ; attempt++)
            {
                try
                {
                    return await ChannelClient.OpenAsync(cloud.ApiUrl, options, cancellationToken);
                }
                catch (Exception e) when ((e is SessionApiException or HttpRequestException or TimeoutException
                    || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested)) && deadline.Elapsed < TimeSpan.FromSeconds(60))
                {
                    // What an app does when the session API fails (STS down: 5xx) or does not answer in time (the HTTP
                    // client's timeout surfaces as a cancellation that is not ours): wait, try again.
                    if (attempt == 1)
                    {
                        progress?.Invoke($"channel {index}: open failed ({e.Message}); retrying");
                    }

                    await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
                }
                catch (Exception e) when (e is SessionApiException or HttpRequestException or TimeoutException or OperationCanceledException)
                {
                    Errors.Enqueue($"channel {index}: could not open: {e.Message}");
                    return null;
                }
            }
        }

        private async Task InjectOnceAsync()
        {
            if (fault is Fault.None or Fault.ConcurrencyExhausted || Interlocked.Exchange(ref _injecting, 1) == 1)
            {
                return;
            }

            try
            {
                progress?.Invoke(await FaultInjector.InjectAsync(fault, cloud));
            }
            catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                Errors.Enqueue($"fault injection failed: {e.Message}");
            }
            finally
            {
                _injected.TrySetResult();
            }
        }

        private static double Percentile(double[] sorted, double p) =>
            sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
    }
}
