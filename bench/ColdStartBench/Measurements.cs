using System.Diagnostics;
using ColdStartBench.Support;
using Realtime.TestSupport;

namespace ColdStartBench;

/// <summary>Cold and warm timings of both functions, through the local cloud, for one build (folder of executables).</summary>
public static class Measurements
{
    private const string Session = "SessionFunction";
    private const string Responder = "ResponderFunction";
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Session cold starts: spawn → first response, i.e. the REPORT's Init Duration + Duration of an invocation that
    /// started a new execution environment (the previous process is SIGKILLed before each run). The first cold start of
    /// each local cloud is not counted: it also warms the local cloud's own API and STS code.
    /// </summary>
    public static async Task<(Samples Cold, Samples Warm, int PeakMb)> SessionAsync(LocalCloudProcess cloud, int runs, int warmRuns)
    {
        using var http = new HttpClient { Timeout = s_wait };
        await WarmUpSessionAsync(cloud, http);
        var cold = new List<double>();
        for (int i = 0; i < runs; i++)
        {
            cold.Add(await ColdSessionAsync(cloud, http));
        }

        var warm = new List<double>();
        for (int i = 0; i < warmRuns; i++)
        {
            int seen = cloud.Reports(Session).Count;
            await Browser.GetSessionAsync(http, cloud.ApiUrl);
            Report report = await cloud.NextReportAsync(Session, seen, s_wait);
            warm.Add(report.DurationMs);
        }

        Console.Error.WriteLine($"  session cold starts in order (ms): {Samples.List(cold)}");
        return (new Samples(cold), new Samples(warm), cloud.Reports(Session).Max(r => r.MaxMemoryMb));
    }

    /// <summary>
    /// Session cold starts of two builds taken in turn (one of each per round, same counting as <see cref="SessionAsync"/>),
    /// so that a slow stretch of the shared VM falls on both alike; which build goes first alternates by round.
    /// </summary>
    public static async Task<(Samples First, Samples Second)> SessionInTurnAsync(LocalCloudProcess first, LocalCloudProcess second, int runs)
    {
        using var http = new HttpClient { Timeout = s_wait };
        await WarmUpSessionAsync(first, http);
        await WarmUpSessionAsync(second, http);
        var a = new List<double>();
        var b = new List<double>();
        (LocalCloudProcess Cloud, List<double> Samples)[] firstFirst = [(first, a), (second, b)], secondFirst = [(second, b), (first, a)];
        for (int i = 0; i < runs; i++)
        {
            foreach ((LocalCloudProcess cloud, List<double> samples) in i % 2 == 0 ? firstFirst : secondFirst)
            {
                samples.Add(await ColdSessionAsync(cloud, http));
            }
        }

        Console.Error.WriteLine($"  in turn, first (ms):  {Samples.List(a)}");
        Console.Error.WriteLine($"  in turn, second (ms): {Samples.List(b)}");
        return (new Samples(a), new Samples(b));
    }

    /// <summary>One request that is not a route, then one session: warms the local cloud's API and STS code.</summary>
    private static async Task WarmUpSessionAsync(LocalCloudProcess cloud, HttpClient http)
    {
        using (await http.GetAsync(new Uri(cloud.ApiUrl, "warm-up-not-a-route")))
        {
        }

        await Browser.GetSessionAsync(http, cloud.ApiUrl);
    }

    /// <summary>Kills the session's execution environment, GETs a session, returns the REPORT's Init Duration + Duration.</summary>
    private static async Task<double> ColdSessionAsync(LocalCloudProcess cloud, HttpClient http)
    {
        await cloud.KillFunctionProcessesAsync(Session);
        int seen = cloud.Reports(Session).Count;
        await Browser.GetSessionAsync(http, cloud.ApiUrl);
        Report report = await cloud.NextReportAsync(Session, seen, s_wait);
        return (report.InitMs ?? throw new InvalidOperationException("expected a cold start: " + report)) + report.DurationMs;
    }

    /// <summary>
    /// Responder cold starts: a new execution environment's INIT_START line (logged at spawn) → the first PONG at a browser
    /// that triggered the session and sent its request on "ready". Each measured browser stays connected, so the next
    /// trigger needs a new environment; afterwards every session says bye and warm sessions (trigger → first PONG on an
    /// idle environment) are timed. The first cold start of each local cloud is not counted (it warms the local cloud).
    /// </summary>
    public static async Task<(Samples Cold, Samples Warm, int PeakMb)> ResponderAsync(LocalCloudProcess cloud, int runs, int warmRuns)
    {
        using var http = new HttpClient { Timeout = s_wait };
        var open = new List<Browser>();
        var cold = new List<double>();
        try
        {
            for (int i = 0; i <= runs; i++)
            {
                Browser browser = await Browser.ConnectAsync(await Browser.GetSessionAsync(http, cloud.ApiUrl));
                open.Add(browser);
                int inits = InitStarts(cloud).Count;
                (long pong, _) = await FirstPongAsync(browser);
                List<LogLine> starts = InitStarts(cloud);
                if (starts.Count <= inits)
                {
                    throw new InvalidOperationException("the trigger did not start a new execution environment");
                }

                if (i > 0)
                {
                    cold.Add(Stopwatch.GetElapsedTime(starts[inits].ArrivedAt, pong).TotalMilliseconds);
                }
            }

            foreach (Browser browser in open)
            {
                await browser.ByeAsync();
                await browser.WaitAsync("bye", s_wait);
            }
        }
        finally
        {
            foreach (Browser browser in open)
            {
                await browser.DisposeAsync();
            }
        }

        var warm = new List<double>();
        for (int i = 0; i < warmRuns; i++)
        {
            await using Browser browser = await Browser.ConnectAsync(await Browser.GetSessionAsync(http, cloud.ApiUrl));
            int inits = InitStarts(cloud).Count;
            (long pong, long triggered) = await FirstPongAsync(browser);
            if (InitStarts(cloud).Count == inits)
            {
                warm.Add(Stopwatch.GetElapsedTime(triggered, pong).TotalMilliseconds);
            }

            await browser.ByeAsync();
            await browser.WaitAsync("bye", s_wait);
        }

        await WaitForReportsAsync(cloud, Responder, runs + 1 + warmRuns);
        return (new Samples(cold), new Samples(warm), cloud.Reports(Responder).Max(r => r.MaxMemoryMb));
    }

    /// <summary>Trigger, wait for ready, send one request, wait for its PONG; returns (PONG arrival, trigger time).</summary>
    public static async Task<(long Pong, long Triggered)> FirstPongAsync(Browser browser)
    {
        long triggered = Stopwatch.GetTimestamp();
        await browser.TriggerAsync();
        await browser.WaitAsync("ready", s_wait);
        await browser.RequestAsync("first");
        (long pong, string? id) = await browser.WaitAsync("pong", s_wait);
        return id == "first" ? (pong, triggered) : throw new InvalidOperationException($"PONG for '{id}', expected 'first'");
    }

    private static List<LogLine> InitStarts(LocalCloudProcess cloud) =>
        cloud.Lines.Where(l => l.Text.StartsWith($"[{Responder}] INIT_START", StringComparison.Ordinal)).ToList();

    private static async Task WaitForReportsAsync(LocalCloudProcess cloud, string function, int count)
    {
        var deadline = Stopwatch.StartNew();
        while (cloud.Reports(function).Count < count && deadline.Elapsed < s_wait)
        {
            await Task.Delay(20);
        }
    }
}
