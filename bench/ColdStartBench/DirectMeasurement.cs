using System.Diagnostics;
using System.Globalization;
using ColdStartBench.Support;
using Realtime.TestSupport;

namespace ColdStartBench;

/// <summary>
/// Session cold starts with nothing of the local cloud in between: the executable spawned directly (no setpriv wrapper,
/// no per-environment Runtime API server starting next to it) under a stub Runtime API, timed from spawn to the response
/// posted there. The environment is the one the local cloud gave its own session process (so the STS call goes to the
/// local STS with valid credentials), with AWS_LAMBDA_RUNTIME_API pointing at the stub.
/// </summary>
public static class DirectMeasurement
{
    private const string Session = "SessionFunction";
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(30);

    /// <summary>An HTTP API (payload 2.0) GET / event.</summary>
    private const string GetEvent = """
        {"version":"2.0","routeKey":"$default","rawPath":"/","rawQueryString":"","headers":{"host":"127.0.0.1","origin":"http://localhost"},
         "requestContext":{"apiId":"local","http":{"method":"GET","path":"/","protocol":"HTTP/1.1","sourceIp":"127.0.0.1","userAgent":"bench"},
         "requestId":"bench","routeKey":"$default","stage":"$default"},"isBase64Encoded":false}
        """;

    /// <summary>Spawn → first response, <paramref name="runs"/> times, copying the command and environment of the cloud's session process.</summary>
    public static async Task<Samples> SessionAsync(LocalCloudProcess cloud, int runs)
    {
        (string[] command, Dictionary<string, string> environment) = await CaptureSessionProcessAsync(cloud);
        var samples = new List<double>();
        for (int i = 0; i <= runs; i++)
        {
            // A stub per run, as Lambda gives each execution environment its own Runtime API: the killed process's
            // pending GET /next must not take the next run's invocation.
            await using FakeRuntimeApi runtime = await FakeRuntimeApi.StartAsync();
            environment["AWS_LAMBDA_RUNTIME_API"] = runtime.Address;
            FakeRuntimeApiInvocation invocation = runtime.Enqueue(GetEvent, timeout: s_wait);
            // Let the stub's own start-up work and garbage settle, so the benchmark process does not compete with the
            // function for the two cores during the measured start.
            GC.Collect();
            await Task.Delay(200);
            var info = new ProcessStartInfo(command[0]) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (string argument in command.Skip(1))
            {
                info.ArgumentList.Add(argument);
            }

            info.Environment.Clear();
            foreach ((string name, string value) in environment)
            {
                info.Environment[name] = value;
            }

            long started = Stopwatch.GetTimestamp();
            using Process process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {command[0]}");
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            try
            {
                FakeRuntimeApiResult result = await runtime.WaitForResultAsync(invocation.RequestId, s_wait);
                double ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                if (result.IsError || !result.Body.Contains("\"statusCode\":200", StringComparison.Ordinal))
                {
                    throw new InvalidOperationException($"the session function answered {result.Kind}: {result.Body}");
                }

                if (i > 0)
                {
                    samples.Add(ms); // the first run warms the stub and the local STS
                }
            }
            finally
            {
                process.Kill();
                await process.WaitForExitAsync();
            }
        }

        return new Samples(samples);
    }

    private static async Task<(string[] Command, Dictionary<string, string> Environment)> CaptureSessionProcessAsync(LocalCloudProcess cloud)
    {
        foreach (string dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                continue;
            }

            try
            {
                string stat = await File.ReadAllTextAsync(Path.Combine(dir, "stat"));
                int parent = int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], CultureInfo.InvariantCulture);
                string[] command = (await File.ReadAllTextAsync(Path.Combine(dir, "cmdline"))).Split('\0', StringSplitOptions.RemoveEmptyEntries);
                if (parent != cloud.ProcessId || !command.Any(c => c.Contains($"/{Session}/", StringComparison.Ordinal)))
                {
                    continue;
                }

                var environment = (await File.ReadAllTextAsync(Path.Combine(dir, "environ")))
                    .Split('\0', StringSplitOptions.RemoveEmptyEntries)
                    .Select(pair => pair.Split('=', 2))
                    .Where(pair => pair.Length == 2)
                    .ToDictionary(pair => pair[0], pair => pair[1], StringComparer.Ordinal);
                return (command, environment);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The process ended while we looked.
            }
        }

        throw new InvalidOperationException("no session function process of the local cloud to copy the command and environment from");
    }
}
