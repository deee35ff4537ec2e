using BenchmarkDotNet.Attributes;
using Realtime.Aws;

namespace Realtime.Benchmarks;

/// <summary>Cost of presigning an IoT WebSocket URL (what the session function does per request) and of header signing.</summary>
[MemoryDiagnoser]
[ShortRunJob]
public class SigV4Benchmarks
{
    private static readonly Uri Endpoint = new("wss://abc123example-ats.iot.us-east-1.amazonaws.com/mqtt");
    private static readonly DateTimeOffset Time = new(2026, 11, 22, 2, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Expiry = TimeSpan.FromMinutes(5);

    private static readonly AwsCredentials LongTerm = new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");

    // An STS session token is ~800-1000 characters; this one has the same shape.
    private static readonly AwsCredentials Temporary = LongTerm with { SessionToken = string.Concat(Enumerable.Repeat("IQoJb3JpZ2luX2VjEHoaCXVzLWVhc3QtMSJHMEUCIQ/+", 20)) };

    // Scoped mode: every session gets fresh STS credentials, so the presign derives a new signing key (four HMACs) each time.
    // The cache keeps one key; cycling through these means every call misses it, as consecutive sessions do.
    private static readonly AwsCredentials[] PerSession = Enumerable.Range(0, 64)
        .Select(i => new AwsCredentials(
            $"ASIAEXAMPLE{i:D9}",
            $"wJalrXUtnFEMI/K7MDENG+bPxRfiCYSESSION{i:D4}",
            $"{i:D4}" + string.Concat(Enumerable.Repeat("IQoJb3JpZ2luX2VjEHoaCXVzLWVhc3QtMSJHMEUCIQ/+", 20))[4..]))
        .ToArray();

    private static readonly SigV4Request Publish = new(
        "POST", "/topics/foobar%2Fabc%2Frequest", [new("qos", "1")],
        [new("Host", "abc123example-ats.iot.us-east-1.amazonaws.com"), new("Content-Type", "application/json")],
        SigV4Signer.HashPayload("{\"type\":\"ping\"}"u8));

    private static readonly SigV4SigningParameters PublishParameters = new(Temporary, "us-east-1", "iotdata", Time);

    private int _next;

    [Benchmark(Baseline = true)]
    public Uri IotPresign() => IotWebSocketPresigner.Presign(Endpoint, "us-east-1", LongTerm, Time, Expiry);

    [Benchmark]
    public Uri IotPresignWithSessionToken() => IotWebSocketPresigner.Presign(Endpoint, "us-east-1", Temporary, Time, Expiry);

    [Benchmark]
    public Uri IotPresignFreshCredentialsPerSession()
    {
        AwsCredentials credentials = PerSession[_next];
        _next = (_next + 1) % PerSession.Length;
        return IotWebSocketPresigner.Presign(Endpoint, "us-east-1", credentials, Time, Expiry);
    }

    [Benchmark]
    public SigV4SigningResult HeaderSigning() => SigV4Signer.SignHeaders(Publish, PublishParameters);
}
