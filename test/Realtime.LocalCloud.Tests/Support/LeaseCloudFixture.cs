using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Realtime.Aws;
using Realtime.LocalCloud.Hosting;
using Realtime.LocalCloud.Sam;
using Realtime.TestSupport;

namespace Realtime.LocalCloud.Tests.Support;

/// <summary>
/// A local cloud of its own for the one-responder-per-channel tests: a short channel lease (so a crashed holder's lease
/// expires within the test) and a long idle time (so a live session outlasts every competing trigger).
/// </summary>
public sealed class LeaseCloudFixture : IAsyncLifetime
{
    public const int LeaseSeconds = 9;
    public const int IdleSeconds = 60;

    private readonly ConcurrentQueue<string> _lines = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    internal LocalCloudHost Host { get; private set; } = null!;

    public IReadOnlyCollection<string> LogLines => _lines;

    public async Task InitializeAsync()
    {
        var log = new LocalLog(console: false);
        log.Line += _lines.Enqueue;
        // LOCALCLOUD_TEST_LOG=<file> keeps the log for debugging, as in LocalCloudFixture.
        if (Environment.GetEnvironmentVariable("LOCALCLOUD_TEST_LOG") is { } file)
        {
            var gate = new object();
            log.Line += line =>
            {
                lock (gate)
                {
                    File.AppendAllText(file, line + Environment.NewLine);
                }
            };
        }
        Host = await LocalCloudHost.StartAsync(LocalCloudFixture.Options() with
        {
            Parameters = new Dictionary<string, string>
            {
                ["SessionIdleSeconds"] = IdleSeconds.ToString(CultureInfo.InvariantCulture),
                ["ResponderLeaseSeconds"] = LeaseSeconds.ToString(CultureInfo.InvariantCulture),
            },
        }, log);
    }

    /// <summary>Publishes a trigger over the IoT data plane (clientid() is "n/a": accepted for hand-made channel ids).</summary>
    public async Task PublishTriggerAsync(string channel)
    {
        byte[] body = Encoding.UTF8.GetBytes($"{{\"channelId\":\"{channel}\"}}");
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Host.IotUrl, "topics/foobar%2Fsession?qos=1")) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        SigV4Signer.SignRequest(request, new SigV4SigningParameters(LocalCloudFixture.Admin, LocalAccount.Region, "iotdata", DateTimeOffset.UtcNow), SigV4Signer.HashPayload(body));
        using HttpResponseMessage response = await _http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"data plane publish answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>Responder log lines that mention <paramref name="channel"/> and <paramref name="text"/>.</summary>
    public int CountResponderLines(string channel, string text) =>
        _lines.Count(l => l.StartsWith("[ResponderFunction]", StringComparison.Ordinal) && l.Contains(channel, StringComparison.Ordinal) && l.Contains(text, StringComparison.Ordinal));

    /// <summary>How many responder execution environments the local Lambda has seen end.</summary>
    public int EndedEnvironments() =>
        _lines.Count(l => l.StartsWith("[ResponderFunction] execution environment", StringComparison.Ordinal) && l.Contains(" ended (", StringComparison.Ordinal));

    /// <summary>Waits for <paramref name="condition"/>; a time-out names <paramref name="what"/> and shows the last 20 lines.</summary>
    public Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, string what) =>
        Poll.UntilAsync(condition, timeout, what, () => "last lines:" + Environment.NewLine + string.Join(Environment.NewLine, _lines.TakeLast(20)));

    public async Task DisposeAsync()
    {
        _http.Dispose();
        if (Host is not null)
        {
            await Host.DisposeAsync();
        }
    }
}
