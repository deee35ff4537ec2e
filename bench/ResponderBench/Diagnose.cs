using System.Diagnostics;
using Realtime.Channels;
using Realtime.Lambda.TestUtilities;
using ResponderFunction;
using ResponderFunction.Configuration;
using ResponderFunction.Handlers;
using ResponderFunction.Sessions;
using ResponderFunction.Transport;

namespace ResponderBench;

internal static class Diagnose
{
    public static async Task RunAsync(Uri endpoint, int count, CancellationToken cancellationToken)
    {
        var handled = new long[count + 1];
        int index = 0;
        var handler = new StampHandler(() => handled[Math.Min(Interlocked.Increment(ref index) - 1, count)] = Stopwatch.GetTimestamp());
        var config = ResponderConfig.From(new DictionaryEnvironmentVariables(BenchEnvironment.Responder(endpoint, null)));
        var responder = new ResponderHandler(config.TopicPrefix, new SessionOptions { IdleTime = TimeSpan.FromSeconds(30), DeadlineMargin = TimeSpan.FromSeconds(5) },
            new MqttNetChannelConnector(config, TimeProvider.System), handler, TimeProvider.System);
        string channel = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(10));
        await using LoadGenerator generator = await LoadGenerator.ConnectAsync(endpoint, channel, cancellationToken);
        var context = new TestLambdaContext { Logger = new TestLambdaLogger(), RemainingTime = TimeSpan.FromMinutes(5) };
        Task session = Task.Run(() => responder.HandleAsync(System.Text.Encoding.UTF8.GetBytes($$"""{"channelId":"{{channel}}"}"""), context));
        await generator.WaitForReadyAsync(cancellationToken);
        await generator.WindowAsync(2000, 50, cancellationToken);
        index = 0;
        var (samples, starts, arrivals) = await generator.SequentialStampedAsync(count, cancellationToken);
        int slowIn = 0, slowOut = 0;
        for (int i = 0; i < count; i++)
        {
            double inMs = Stopwatch.GetElapsedTime(starts[i], handled[i]).TotalMilliseconds;
            double outMs = Stopwatch.GetElapsedTime(handled[i], arrivals[i]).TotalMilliseconds;
            if (inMs > 20) { slowIn++; Console.WriteLine($"slow in  #{i}: in {inMs:0.0} out {outMs:0.0}"); }
            if (outMs > 20) { slowOut++; Console.WriteLine($"slow out #{i}: in {inMs:0.0} out {outMs:0.0}"); }
        }

        Console.WriteLine($"p50/p99 {samples.P50P99}; slow request legs {slowIn}, slow reply legs {slowOut}");
        await generator.ByeAsync(cancellationToken);
        await session;
    }

    private sealed class StampHandler(Action stamp) : IChannelMessageHandler
    {
        public ValueTask<ReadOnlyMemory<byte>?> HandleAsync(ChannelRequestContext request, CancellationToken cancellationToken)
        {
            stamp();
            return ValueTask.FromResult<ReadOnlyMemory<byte>?>(ChannelMessages.Pong(request.RequestId));
        }
    }
}
