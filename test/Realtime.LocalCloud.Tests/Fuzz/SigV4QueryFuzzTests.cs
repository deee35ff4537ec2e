using System.Diagnostics;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Realtime.Aws;
using Realtime.LocalCloud.Auth;
using Realtime.LocalCloud.Iam;
using Realtime.LocalCloud.Tests.Support;
using Xunit.Abstractions;

namespace Realtime.LocalCloud.Tests.Fuzz;

/// <summary>
/// Random and mutated request targets into the local cloud's presigned-query authentication (what the IoT endpoint runs on
/// every WebSocket upgrade): nothing throws out, nothing takes long, memory stays bounded, and only the untouched URL is
/// accepted. 10^5 inputs by default; FUZZ_INPUTS raises it (`./build.sh soak` runs 10^6), FUZZ_SEED repeats a run.
/// </summary>
public sealed class SigV4QueryFuzzTests(ITestOutputHelper output)
{
    private static readonly DateTimeOffset s_now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly SigV4VerifierOptions s_options = SigV4Authenticator.Options("iotdevicegateway", SigV4SessionTokenMode.Unsigned);

    private static readonly string[] s_fragments =
    [
        "&", "=", "?", "%", "%2", "%ZZ", "%00", "%2F", "%252F", "+", "/", "//", "/../", ".", "X-Amz-Signature=", "X-Amz-Credential=",
        "X-Amz-Date=", "X-Amz-Expires=", "X-Amz-SignedHeaders=", "X-Amz-Algorithm=AWS4-HMAC-SHA256", "X-Amz-Security-Token=",
        "host", ";", "%3B", "99999999999999999999", "-1", "0", "20261301T250000Z", "\u00e9", "\ud83d\ude00", "\ud800", "\0", " ",
        "AKIDLOCALSTACKADMIN/20261201/us-east-1/iotdevicegateway/aws4_request", "/mqtt",
    ];

    [Fact]
    public void PresignedQueryAuthentication_AnyTarget_ReturnsAResult()
    {
        var store = new CredentialStore(new FixedTime(s_now));
        var session = new AwsCredentials("LSIAFUZZ0000000001", "fuzz-secret-0123456789", "fuzz-session-token/+=");
        store.Add(new IssuedCredentials(session.AccessKeyId, session.SecretAccessKey, session.SessionToken,
            "arn:aws:sts::000000000000:assumed-role/ClientRole/fuzz", "ClientRole", Rights.Administrator, s_now.AddHours(1)));
        var endpoint = new Uri("wss://127.0.0.1:4510/mqtt");
        string[] seeds =
        [
            IotWebSocketPresigner.Presign(endpoint, "us-east-1", session, s_now, TimeSpan.FromMinutes(5)).PathAndQuery,
            IotWebSocketPresigner.Presign(endpoint, "us-east-1", LocalCloudFixture.Admin, s_now.AddMinutes(-1), TimeSpan.FromMinutes(15)).PathAndQuery,
        ];

        // The test can fail: the untouched URLs are accepted, so a verifier that refuses everything would be caught here.
        foreach (string valid in seeds)
        {
            AuthenticationResult result = Authenticate(valid, store);
            Assert.True(result.IsValid, $"{valid}: {result.Reason}");
        }

        int inputs = int.TryParse(Environment.GetEnvironmentVariable("FUZZ_INPUTS"), out int n) && n > 0 ? n : 100_000;
        int seed = int.TryParse(Environment.GetEnvironmentVariable("FUZZ_SEED"), out int s) ? s : Random.Shared.Next();
        output.WriteLine($"seed {seed} (FUZZ_SEED={seed} repeats this run), {inputs:N0} inputs");
        var random = new Random(seed);
        long memoryBefore = GC.GetTotalMemory(forceFullCollection: true);
        var slowest = TimeSpan.Zero;
        string slowestInput = "";
        int accepted = 0;
        var total = Stopwatch.StartNew();
        for (int i = 0; i < inputs; i++)
        {
            string original = seeds[random.Next(seeds.Length)];
            string target = i % 8 == 0 ? RandomTarget(random) : Mutate(random, original);
            long start = Stopwatch.GetTimestamp();
            AuthenticationResult result;
            try
            {
                result = Authenticate(target, store);
            }
            catch (Exception ex)
            {
                Assert.Fail($"input #{i} ({Escape(target)}) threw {ex}");
                return;
            }

            TimeSpan took = Stopwatch.GetElapsedTime(start);
            if (took > slowest)
            {
                (slowest, slowestInput) = (took, target);
            }

            if (result.IsValid)
            {
                accepted++;
                // A changed URL may still pass only when the change means the same request (e.g. a percent-encoding of a
                // character the canonical form encodes anyway, or the signature's hex in upper case): never another signature.
                Assert.True(Uri.UnescapeDataString(target).Contains(SignatureOf(original), StringComparison.OrdinalIgnoreCase),
                    $"accepted with another signature: {Escape(target)}");
            }
            else
            {
                Assert.False(string.IsNullOrEmpty(result.Reason), $"refused without a reason: {Escape(target)}");
                Assert.DoesNotContain(SignatureOf(original), result.Reason, StringComparison.Ordinal);
            }
        }

        total.Stop();
        long memoryAfter = GC.GetTotalMemory(forceFullCollection: true);
        output.WriteLine($"{total.Elapsed.TotalSeconds:F1} s, {accepted} mutated targets still valid, slowest {slowest.TotalMilliseconds:F1} ms, " +
                         $"managed heap {memoryBefore / 1e6:F1} -> {memoryAfter / 1e6:F1} MB");
        Assert.True(memoryAfter - memoryBefore < 16_000_000, $"managed heap grew by {(memoryAfter - memoryBefore) / 1e6:F1} MB");
        Assert.True(slowest < TimeSpan.FromSeconds(2), $"{Escape(slowestInput)} took {slowest.TotalMilliseconds:F0} ms");
    }

    private static AuthenticationResult Authenticate(string rawTarget, CredentialStore store)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "GET";
        context.Request.Headers.Host = "127.0.0.1:4510";
        context.Features.Get<IHttpRequestFeature>()!.RawTarget = rawTarget;
        return SigV4Authenticator.Authenticate(context, [], s_options, presigned: true, store, s_now);
    }

    private static string SignatureOf(string target)
    {
        int at = target.IndexOf("X-Amz-Signature=", StringComparison.Ordinal) + "X-Amz-Signature=".Length;
        return target.Substring(at, 64);
    }

    private static string RandomTarget(Random random)
    {
        var text = new StringBuilder(random.Next(2) == 0 ? "/mqtt?" : "");
        for (int count = random.Next(0, 30); count > 0; count--)
        {
            text.Append(random.Next(3) == 0 ? (char)random.Next(0x20, 0x7f) : s_fragments[random.Next(s_fragments.Length)]);
        }

        return text.ToString();
    }

    private static string Mutate(Random random, string valid)
    {
        var text = new StringBuilder(valid);
        for (int edits = random.Next(1, 5); edits > 0; edits--)
        {
            int at = random.Next(text.Length + 1);
            switch (random.Next(6))
            {
                case 0 when at < text.Length: text[at] = (char)random.Next(0x20, 0x7f); break;
                case 1 when at < text.Length: text.Remove(at, Math.Min(text.Length - at, random.Next(1, 12))); break;
                case 2: text.Insert(at, s_fragments[random.Next(s_fragments.Length)]); break;
                case 3:
                    // Duplicate or reorder a parameter.
                    string[] parts = text.ToString().Split('&');
                    int from = random.Next(parts.Length);
                    text.Append('&').Append(parts[from].TrimStart('/', 'm', 'q', 't', '?'));
                    break;
                case 4 when at < text.Length: text.Length = at; break; // truncate
                default: text.Insert(at, (char)random.Next(0, 0x3000)); break;
            }
        }

        return text.ToString();
    }

    private static string Escape(string text) => string.Concat(text.Select(c => c is < ' ' or > '~' ? $"\\u{(int)c:x4}" : c.ToString()));

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
