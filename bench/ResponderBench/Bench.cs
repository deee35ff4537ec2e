using System.Diagnostics;
using System.Text.Json;
using System.Threading.Channels;
using Realtime.Lambda.TestUtilities;
using Realtime.Mqtt;
using Realtime.TestSupport;
using ResponderFunction;
using ResponderFunction.Tests.Support;

namespace ResponderBench;

/// <summary>The measurements; each is bounded by the caller's token and its own waits.</summary>
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
            byte[] trigger = System.Text.Encoding.UTF8.GetBytes(browser.RuleEvent());
            var context = new TestLambdaContext { Logger = logger, RemainingTime = TimeSpan.FromMinutes(1) };
            long start = Stopwatch.GetTimestamp();
            Task session = Task.Run(() => handler.HandleAsync(trigger, context), cancellationToken);
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
            await using FunctionProcess process = await ResponderProcess.StartAsync(Environment(endpoint, runtime.Address));
            await ExpectAsync(browser, "ready", TimeSpan.FromSeconds(30));
            samples.Add(Stopwatch.GetElapsedTime(start));
            await browser.ByeAsync();
            await runtime.WaitForResultAsync(invocation.RequestId, TimeSpan.FromSeconds(10)).WaitAsync(cancellationToken);
        }

        return samples;
    }

    public static async Task<PongResult> PongAsync(Uri endpoint, FakeRuntimeApi runtime, int count, CancellationToken cancellationToken)
    {
        await using FunctionProcess process = await ResponderProcess.StartAsync(Environment(endpoint, runtime.Address));
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
