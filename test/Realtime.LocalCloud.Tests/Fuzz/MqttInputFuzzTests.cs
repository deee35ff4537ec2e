using System.Diagnostics;
using System.Net.WebSockets;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Packets;
using MQTTnet.Protocol;
using Realtime.Aws;
using Realtime.LocalCloud.Hosting;
using Realtime.LocalCloud.Iot;
using Realtime.LocalCloud.Tests.Support;
using Realtime.TestSupport;
using Xunit.Abstractions;

namespace Realtime.LocalCloud.Tests.Fuzz;

/// <summary>
/// Random and mutated bytes on the IoT endpoint's MQTT input after a valid SigV4 upgrade (at least 10^5 inputs, bounded in
/// time): nothing throws out of the server, no connection hangs, memory stays bounded, and a well-behaved client keeps
/// getting its messages during and after. A stack of its own (no functions), so the shared one is not disturbed.
/// Reproduce a run with the seed it prints (LOCALCLOUD_FUZZ_SEED).
/// </summary>
public sealed class MqttInputFuzzTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Inputs = 100_000;
    private const int Workers = 6;
    private const string Template = """{ "Resources": {} }""";

    private static readonly TimeSpan s_closeLimit = TimeSpan.FromSeconds(10);
    private readonly string _templatePath = Path.Combine(Path.GetTempPath(), $"localcloud-fuzz-{Guid.NewGuid():N}.json");
    private readonly List<string> _unexpected = [];
    private LocalCloudHost _host = null!;
    private long _inputs;
    private long _connections;
    private long _hung;
    private long _refusedConnects;

    public async Task InitializeAsync()
    {
        await File.WriteAllTextAsync(_templatePath, Template);
        var log = new LocalLog(console: false);
        log.Line += line =>
        {
            // Our hooks' failures and MQTTnet errors that are not the client's fault: none may happen.
            if (line.Contains("unexpected", StringComparison.Ordinal) || line.Contains(" failed: ", StringComparison.Ordinal))
            {
                lock (_unexpected)
                {
                    _unexpected.Add(line);
                }
            }
        };
        _host = await LocalCloudHost.StartAsync(LocalCloudFixture.Options() with { TemplatePath = _templatePath, Parameters = new Dictionary<string, string>() }, log);
    }

    [Fact]
    public async Task RandomAndMutatedInput_NeverBreaksTheEndpoint_OrAnotherClient()
    {
        int seed = int.TryParse(Environment.GetEnvironmentVariable("LOCALCLOUD_FUZZ_SEED"), out int s) ? s : Random.Shared.Next();
        output.WriteLine($"seed {seed} (LOCALCLOUD_FUZZ_SEED={seed} repeats this run)");
        var unobserved = new System.Collections.Concurrent.ConcurrentQueue<string>();
        EventHandler<UnobservedTaskExceptionEventArgs> onUnobserved = (_, e) => unobserved.Enqueue(e.Exception.ToString());
        TaskScheduler.UnobservedTaskException += onUnobserved;
        try
        {
            Uri url = IotWebSocketPresigner.Presign(_host.MqttUrl, LocalCloudFixture.Region, LocalCloudFixture.Admin, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(15));
            byte[][] templates = Templates();
            long memoryBefore = GC.GetTotalMemory(forceFullCollection: true);
            var clock = Stopwatch.StartNew();

            await using var steady = await SteadyClient.StartAsync(url);
            await Task.WhenAll(Enumerable.Range(0, Workers).Select(w => Task.Run(() => WorkerAsync(url, templates, new Random(seed + w)))));
            clock.Stop();
            (int roundTrips, double worstMs) = await steady.StopAsync();

            GC.Collect();
            GC.WaitForPendingFinalizers();
            long memoryAfter = GC.GetTotalMemory(forceFullCollection: true);
            output.WriteLine($"{_inputs:N0} inputs on {_connections:N0} connections in {clock.Elapsed.TotalSeconds:F1} s; " +
                             $"steady client: {roundTrips} round trips, worst {worstMs:F0} ms; managed heap {memoryBefore / 1e6:F1} -> {memoryAfter / 1e6:F1} MB");

            Assert.True(_inputs >= Inputs, $"only {_inputs} inputs");
            Assert.Equal(0, Interlocked.Read(ref _hung));
            Assert.Equal(0, Interlocked.Read(ref _refusedConnects));
            Assert.True(roundTrips >= 10, $"the steady client made only {roundTrips} round trips during the fuzzing");
            lock (_unexpected)
            {
                Assert.True(_unexpected.Count == 0, string.Join(Environment.NewLine, _unexpected.Take(5)));
            }

            Assert.True(unobserved.IsEmpty, $"unobserved task exceptions: {string.Join(Environment.NewLine, unobserved.Take(3))}");
            Assert.True(memoryAfter - memoryBefore < 64_000_000, $"the managed heap grew by {(memoryAfter - memoryBefore) / 1e6:F1} MB");
            // Every fuzzing connection is gone from the broker (the steady client is still there); a new client works too.
            await Poll.UntilAsync(async () => await _host.Broker.ConnectedClientsAsync() == 1, TimeSpan.FromSeconds(15), "every fuzzing connection gone from the broker");
            var inbox = new MessageInbox();
            await using TestMqttClient after = await TestMqttClient.ConnectAsync(url, "after-fuzz", inbox);
            await after.SubscribeAsync("steady/after");
            await after.PublishAsync("steady/after", MessageInbox.Json("{\"type\":\"ok\"}"));
            await inbox.NextAsync("steady/after", "ok", TimeSpan.FromSeconds(10));
        }
        finally
        {
            TaskScheduler.UnobservedTaskException -= onUnobserved;
        }
    }

    private async Task WorkerAsync(Uri url, byte[][] templates, Random random)
    {
        while (Interlocked.Read(ref _inputs) < Inputs)
        {
            Interlocked.Increment(ref _connections);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            using RawMqttConnection connection = await RawMqttConnection.OpenAsync(url, timeout.Token);
            bool afterConnect = random.Next(4) != 0;
            if (afterConnect)
            {
                // Most connections first get a valid CONNECT, so the mutated packets reach the broker's main loop.
                await connection.SendAsync(new MqttConnectPacket { ClientId = $"fuzz-{random.Next(50)}", CleanSession = true, KeepAlivePeriod = 60 }, timeout.Token);
                if (await connection.ReceiveAsync(timeout.Token) is not MqttConnAckPacket { ReturnCode: MqttConnectReturnCode.ConnectionAccepted })
                {
                    Interlocked.Increment(ref _refusedConnects);
                    continue;
                }
            }

            Task drain = DrainAsync(connection);
            int batches = afterConnect ? random.Next(1, 40) : random.Next(1, 4);
            for (int b = 0; b < batches && connection.State == WebSocketState.Open; b++)
            {
                // Several inputs per WebSocket message: the endpoint must frame them out of one message, as a stream.
                int count = random.Next(1, 9);
                using var batch = new MemoryStream();
                for (int i = 0; i < count; i++)
                {
                    batch.Write(Mutate(templates[random.Next(templates.Length)], random));
                }

                try
                {
                    await connection.SendRawAsync(batch.ToArray(), timeout.Token);
                    Interlocked.Add(ref _inputs, count);
                }
                catch (Exception e) when (e is WebSocketException or IOException or OperationCanceledException)
                {
                    break; // the server closed it: expected for most broken input
                }
            }

            await CloseAsync(connection, drain);
        }
    }

    /// <summary>Reads and discards what the server sends until it closes; true once it closed.</summary>
    private static async Task DrainAsync(RawMqttConnection connection)
    {
        try
        {
            while (true)
            {
                await connection.ReceiveAsync(CancellationToken.None);
            }
        }
        catch (Exception e) when (e is WebSocketException or IOException or OperationCanceledException or ObjectDisposedException or MQTTnet.Exceptions.MqttProtocolViolationException)
        {
            // Closed (or aborted below).
        }
    }

    /// <summary>The client says goodbye at the WebSocket level; the server must finish the connection within the limit.</summary>
    private async Task CloseAsync(RawMqttConnection connection, Task drain)
    {
        try
        {
            if (connection.State == WebSocketState.Open)
            {
                using var timeout = new CancellationTokenSource(s_closeLimit);
                await connection.CloseOutputAsync(timeout.Token);
            }
        }
        catch (Exception e) when (e is WebSocketException or IOException or OperationCanceledException)
        {
            // Already closed by the server.
        }

        if (await Task.WhenAny(drain, Task.Delay(s_closeLimit)) != drain)
        {
            Interlocked.Increment(ref _hung);
            connection.Abort();
        }
    }

    /// <summary>Valid MQTT 3.1.1 packets to mutate: every client packet type, with topics the administrator may use.</summary>
    private static byte[][] Templates()
    {
        var formatter = new MqttPacketFormatterAdapter(MqttProtocolVersion.V311, new MqttBufferWriter(4096, 65535));
        MqttPacket[] packets =
        [
            new MqttPublishPacket { Topic = "fuzz/a", Payload = new("{\"channelId\":\"x\"}"u8.ToArray()) },
            new MqttPublishPacket { Topic = "fuzz/b/c", PacketIdentifier = 7, QualityOfServiceLevel = MqttQualityOfServiceLevel.AtLeastOnce, Payload = new(new byte[40]) },
            new MqttPublishPacket { Topic = "fuzz/r", PacketIdentifier = 8, QualityOfServiceLevel = MqttQualityOfServiceLevel.AtLeastOnce, Retain = true, Payload = new("r"u8.ToArray()) },
            new MqttSubscribePacket { PacketIdentifier = 3, TopicFilters = [new MqttTopicFilter { Topic = "fuzz/#" }, new MqttTopicFilter { Topic = "fuzz/+/c", QualityOfServiceLevel = MqttQualityOfServiceLevel.AtLeastOnce }] },
            new MqttUnsubscribePacket { PacketIdentifier = 4, TopicFilters = ["fuzz/#"] },
            MqttPingReqPacket.Instance,
            new MqttPubAckPacket { PacketIdentifier = 1 },
            new MqttPubRecPacket { PacketIdentifier = 2 },
            new MqttPubRelPacket { PacketIdentifier = 2 },
            new MqttPubCompPacket { PacketIdentifier = 2 },
            new MqttConnectPacket { ClientId = "again", CleanSession = true, KeepAlivePeriod = 30, WillFlag = true, WillTopic = "fuzz/will", WillMessage = "w"u8.ToArray() },
        ];
        return [.. packets.Select(p => formatter.Encode(p).ToArray())];
    }

    private static byte[] Mutate(byte[] template, Random random)
    {
        byte[] bytes = (byte[])template.Clone();
        switch (random.Next(8))
        {
            case 0:
                return bytes; // valid: keeps the connection going
            case 1:
                int flips = random.Next(1, 4);
                for (int i = 0; i < flips; i++)
                {
                    bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
                }

                return bytes;
            case 2:
                bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                return bytes;
            case 3:
                return bytes[..random.Next(1, bytes.Length + 1)]; // truncated
            case 4:
                bytes[0] = (byte)((random.Next(16) << 4) | (bytes[0] & 0x0F)); // another packet type, same body
                return bytes;
            case 5:
                if (bytes.Length > 1)
                {
                    bytes[1] = (byte)random.Next(256); // a wrong Remaining Length
                }

                return bytes;
            case 6:
                int at = random.Next(bytes.Length + 1);
                byte[] extra = new byte[random.Next(1, 16)];
                random.NextBytes(extra);
                return [.. bytes[..at], .. extra, .. bytes[at..]];
            default:
                byte[] noise = new byte[random.Next(0, 64)];
                random.NextBytes(noise);
                return noise;
        }
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        File.Delete(_templatePath);
    }

    /// <summary>A well-behaved client that keeps publishing to itself and checks each message arrives while the fuzzing runs.</summary>
    private sealed class SteadyClient : IAsyncDisposable
    {
        private readonly TestMqttClient _client;
        private readonly MessageInbox _inbox;
        private readonly CancellationTokenSource _stop = new();
        private Task<(int, double)> _loop = Task.FromResult((0, 0.0));

        private SteadyClient(TestMqttClient client, MessageInbox inbox) => (_client, _inbox) = (client, inbox);

        public static async Task<SteadyClient> StartAsync(Uri url)
        {
            var inbox = new MessageInbox();
            var steady = new SteadyClient(await TestMqttClient.ConnectAsync(url, "steady", inbox), inbox);
            await steady._client.SubscribeAsync("steady/echo");
            steady._loop = Task.Run(steady.LoopAsync);
            return steady;
        }

        private async Task<(int, double)> LoopAsync()
        {
            int count = 0;
            double worst = 0;
            while (!_stop.IsCancellationRequested)
            {
                var clock = Stopwatch.StartNew();
                await _client.PublishAsync("steady/echo", MessageInbox.Json($"{{\"type\":\"echo\",\"n\":{count}}}"));
                var echo = await _inbox.NextAsync("steady/echo", "echo", TimeSpan.FromSeconds(10));
                Assert.Equal(count, echo.GetProperty("n").GetInt32());
                worst = Math.Max(worst, clock.Elapsed.TotalMilliseconds);
                count++;
                await Task.Delay(50);
            }

            return (count, worst);
        }

        public async Task<(int RoundTrips, double WorstMs)> StopAsync()
        {
            await _stop.CancelAsync();
            (int, double) result = await _loop;
            Assert.True(_client.IsConnected, "the steady client lost its connection");
            return result;
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _client.DisposeAsync();
            _stop.Dispose();
        }
    }
}
