using System.Diagnostics;
using System.Text;
using Xunit.Abstractions;

namespace Realtime.Channels.Tests.Fuzz;

/// <summary>
/// Random and mutated bytes into the two parsers that read untrusted payloads (the trigger the IoT rule forwards, and every
/// request-topic payload): nothing throws out, no input takes long, and memory stays bounded. 10^5 inputs each by default;
/// FUZZ_INPUTS raises it (`./build.sh soak` runs 10^6). FUZZ_SEED repeats a run with the seed it prints.
/// </summary>
public sealed class ParserFuzzTests(ITestOutputHelper output)
{
    private static readonly byte[][] s_triggerSeeds =
    [
        """{"channelId":"0123456789abcdef0123"}"""u8.ToArray(),
        """{"channelId":"0123456789abcdef0123","clientId":"client-0123456789abcdef0123"}"""u8.ToArray(),
        """{"channelId":"1","clientId":"n/a","extra":[1,{"a":null}],"n":-1.5e3}"""u8.ToArray(),
        """{"clientId":"client-x","channelId":"\u0041\ud800"}"""u8.ToArray(),
        """[{"channelId":"1"}]"""u8.ToArray(),
    ];

    private static readonly byte[][] s_requestSeeds =
    [
        """{"message":"PING","requestId":"r-1"}"""u8.ToArray(),
        """{"type":"bye","reason":"disconnected"}"""u8.ToArray(),
        """{"requestId":"\ud83d\ude00","nested":{"requestId":"x","deep":[[[[]]]]},"type":null}"""u8.ToArray(),
        """PING"""u8.ToArray(),
        """{"requestId":123,"reason":"x","type":"bye","type":"request"}"""u8.ToArray(),
    ];

    [Fact]
    public void TriggerParser_AnyBytes_ReturnsAResult()
    {
        Run("trigger", s_triggerSeeds, payload =>
        {
            TriggerParseResult result = TriggerParser.Parse(payload);
            // A refusal always says why.
            Assert.True(result.IsAccepted || result.Message.Length > 0);
            return result.Trigger is not null ? result.Trigger.ChannelId.Value.Length : result.Message.Length;
        });
    }

    [Fact]
    public void ChannelRequestParse_AnyBytes_ReturnsAResult()
    {
        Run("request", s_requestSeeds, payload =>
        {
            ChannelRequest request = ChannelRequest.Parse(payload);
            Assert.True(request.RequestId is null || request.RequestId.Length <= ChannelRequest.MaxRequestIdLength);
            Assert.False(request.IsBye && request.RequestId is not null);
            return (request.RequestId?.Length ?? 0) + (request.ByeReason?.Length ?? 0);
        });
    }

    private void Run(string name, byte[][] seeds, Func<byte[], int> parse)
    {
        int inputs = FuzzSettings.Inputs;
        int seed = FuzzSettings.Seed;
        output.WriteLine($"{name}: seed {seed} (FUZZ_SEED={seed} repeats this run), {inputs:N0} inputs");
        var random = new Random(seed);
        var slowest = TimeSpan.Zero;
        byte[]? slowestInput = null;
        long memoryBefore = GC.GetTotalMemory(forceFullCollection: true);
        var total = Stopwatch.StartNew();
        long checksum = 0;
        for (int i = 0; i < inputs; i++)
        {
            byte[] input = FuzzInputs.Next(random, seeds, i);
            long start = Stopwatch.GetTimestamp();
            try
            {
                checksum += parse(input);
            }
            catch (Exception ex)
            {
                Assert.Fail($"input #{i} ({Convert.ToBase64String(input)}) threw {ex}");
            }

            TimeSpan took = Stopwatch.GetElapsedTime(start);
            if (took > slowest)
            {
                (slowest, slowestInput) = (took, input);
            }
        }

        total.Stop();
        long memoryAfter = GC.GetTotalMemory(forceFullCollection: true);
        output.WriteLine($"{name}: {total.Elapsed.TotalSeconds:F1} s, slowest input {slowest.TotalMilliseconds:F1} ms, " +
                         $"managed heap {memoryBefore / 1e6:F1} -> {memoryAfter / 1e6:F1} MB (checksum {checksum})");
        // A parser holds nothing between calls: the heap after a full collection is where it started, give or take the
        // runtime's own caches. Generous bounds for a loaded CI machine (the first call also JITs).
        Assert.True(memoryAfter - memoryBefore < 16_000_000, $"managed heap grew by {(memoryAfter - memoryBefore) / 1e6:F1} MB");
        Assert.True(slowest < TimeSpan.FromSeconds(2), $"input {Convert.ToBase64String(slowestInput ?? [])} took {slowest.TotalMilliseconds:F0} ms");
    }
}

/// <summary>How many inputs and which seed: FUZZ_INPUTS (default 10^5) and FUZZ_SEED (default random).</summary>
internal static class FuzzSettings
{
    public static int Inputs => int.TryParse(Environment.GetEnvironmentVariable("FUZZ_INPUTS"), out int n) && n > 0 ? n : 100_000;

    public static int Seed => int.TryParse(Environment.GetEnvironmentVariable("FUZZ_SEED"), out int s) ? s : Random.Shared.Next();
}

/// <summary>Inputs for a byte parser: a quarter random bytes or random JSON-ish tokens, the rest mutated valid seeds.</summary>
internal static class FuzzInputs
{
    private static readonly byte[][] s_tokens =
    [
        "{"u8.ToArray(), "}"u8.ToArray(), "["u8.ToArray(), "]"u8.ToArray(), ","u8.ToArray(), ":"u8.ToArray(), "\""u8.ToArray(),
        "null"u8.ToArray(), "true"u8.ToArray(), "-0.1e999"u8.ToArray(), "\\u0000"u8.ToArray(), "\\ud800"u8.ToArray(), "\\"u8.ToArray(),
        "\"channelId\""u8.ToArray(), "\"clientId\""u8.ToArray(), "\"requestId\""u8.ToArray(), "\"type\""u8.ToArray(),
        "\"bye\""u8.ToArray(), "\"reason\""u8.ToArray(), [0xff], [0xc3], [0xed, 0xa0, 0x80], [0xef, 0xbb, 0xbf], " "u8.ToArray(),
    ];

    public static byte[] Next(Random random, byte[][] seeds, int index) => (index % 8) switch
    {
        0 => RandomBytes(random),
        1 => RandomTokens(random),
        _ => Mutate(random, seeds[random.Next(seeds.Length)]),
    };

    private static byte[] RandomBytes(Random random)
    {
        byte[] bytes = new byte[random.Next(0, 200)];
        random.NextBytes(bytes);
        return bytes;
    }

    private static byte[] RandomTokens(Random random)
    {
        var buffer = new List<byte>();
        int count = random.Next(0, 40);
        for (int i = 0; i < count; i++)
        {
            buffer.AddRange(s_tokens[random.Next(s_tokens.Length)]);
        }

        return [.. buffer];
    }

    private static byte[] Mutate(Random random, byte[] seed)
    {
        var bytes = new List<byte>(seed);
        int edits = random.Next(1, 6);
        for (int e = 0; e < edits; e++)
        {
            int at = bytes.Count == 0 ? 0 : random.Next(bytes.Count);
            switch (random.Next(7))
            {
                case 0 when bytes.Count > 0: bytes[at] = (byte)random.Next(256); break;
                case 1 when bytes.Count > 0: bytes[at] ^= (byte)(1 << random.Next(8)); break;
                case 2 when bytes.Count > 0: bytes.RemoveRange(at, Math.Min(bytes.Count - at, random.Next(1, 8))); break;
                case 3: bytes.InsertRange(at, s_tokens[random.Next(s_tokens.Length)]); break;
                case 4 when bytes.Count > 0: bytes.RemoveRange(at, bytes.Count - at); break; // truncate
                case 5 when bytes.Count > 0:
                    // Repeat a slice: long strings and deep nesting.
                    int length = Math.Min(bytes.Count - at, random.Next(1, 16));
                    byte[] slice = [.. bytes.GetRange(at, length)];
                    for (int r = random.Next(1, 64); r > 0; r--)
                    {
                        bytes.InsertRange(at, slice);
                    }

                    break;
                default: bytes.Insert(at, (byte)random.Next(256)); break;
            }
        }

        return [.. bytes];
    }
}
