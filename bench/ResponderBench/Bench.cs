using System.Diagnostics;
using Realtime.Lambda.TestUtilities;
using Realtime.TestSupport;
using ResponderFunction;
using ResponderFunction.Tests.Support;

namespace ResponderBench;

/// <summary>Start-up measurements (trigger → ready, warm and cold); each is bounded by the caller's token and its own waits.</summary>
internal static class Bench
{
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
        ResponderHandler handler = ResponderStartup.Create(new DictionaryEnvironmentVariables(BenchEnvironment.Responder(endpoint, runtimeApi: null)), logger);
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
            await using FunctionProcess process = await ResponderProcess.StartAsync(BenchEnvironment.Responder(endpoint, runtime.Address));
            await ExpectAsync(browser, "ready", TimeSpan.FromSeconds(30));
            samples.Add(Stopwatch.GetElapsedTime(start));
            await browser.ByeAsync();
            await runtime.WaitForResultAsync(invocation.RequestId, TimeSpan.FromSeconds(10)).WaitAsync(cancellationToken);
        }

        return samples;
    }

    private static async Task ExpectAsync(BrowserClient browser, string type, TimeSpan? timeout = null)
    {
        var message = await browser.NextAsync(timeout ?? TimeSpan.FromSeconds(10));
        if (message.Type != type)
        {
            throw new InvalidOperationException($"Expected '{type}', got '{message.Type}'.");
        }
    }
}
