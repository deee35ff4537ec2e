using System.Diagnostics;
using ColdStartBench.Support;
using Realtime.TestSupport;

namespace ColdStartBench;

/// <summary>
/// One session end to end on a folder of published functions: GET a scoped session, connect, trigger, ready, PONG, bye,
/// and every invocation's REPORT without an error status. Exit code 0 when all of it worked.
/// </summary>
public static class Smoke
{
    public static async Task<int> RunAsync(string folder)
    {
        TimeSpan wait = TimeSpan.FromSeconds(60);
        await using LocalCloudProcess cloud = await LocalCloudProcess.StartAsync(Repository.Root, folder, []);
        try
        {
            using var http = new HttpClient { Timeout = wait };
            long started = Stopwatch.GetTimestamp();
            Session session;
            for (int attempt = 1; ; attempt++)
            {
                try
                {
                    session = await Browser.GetSessionAsync(http, cloud.ApiUrl);
                    break;
                }
                catch (InvalidOperationException e) when (attempt < 3 && e.Message.Contains(" answered 503", StringComparison.Ordinal))
                {
                    // Under emulation on a busy machine the first init can outlast the HTTP API's 30 s; the environment
                    // keeps initialising, and the next GET is served by it.
                    Console.Error.WriteLine($"GET {attempt}: 503 while the emulated function initialises; trying again");
                }
            }

            double sessionMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            await using Browser browser = await Browser.ConnectAsync(session);
            (long pong, long triggered) = await Measurements.FirstPongAsync(browser);
            await browser.RequestAsync("second");
            await browser.WaitAsync("pong", wait);
            await browser.ByeAsync();
            await browser.WaitAsync("bye", wait);
            await cloud.NextReportAsync("ResponderFunction", 0, wait);

            string[] architectures = cloud.Lines.Where(l => l.Text.Contains("INIT_START", StringComparison.Ordinal))
                .Select(l => l.Text[(l.Text.IndexOf("Architecture: ", StringComparison.Ordinal) + 14)..]).Distinct().ToArray();
            var errors = cloud.Reports("SessionFunction").Concat(cloud.Reports("ResponderFunction")).Where(r => r.IsError).ToList();
            if (errors.Count > 0)
            {
                throw new InvalidOperationException("an invocation failed: " + string.Join("; ", errors));
            }

            Console.WriteLine($"smoke run OK on {folder} (architecture: {string.Join(", ", architectures)}): scoped session GET {sessionMs:0} ms cold, " +
                $"trigger → first PONG {Stopwatch.GetElapsedTime(triggered, pong).TotalMilliseconds:0} ms cold, second PONG and bye answered, no invocation errors.");
            return 0;
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException or HttpRequestException)
        {
            Console.Error.WriteLine($"smoke run FAILED on {folder}: {e.Message}");
            Console.Error.WriteLine(string.Join(Environment.NewLine, cloud.Lines.TakeLast(40).Select(l => l.Text)));
            return 1;
        }
    }
}
