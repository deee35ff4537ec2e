using System.Collections.Concurrent;
using Realtime.Aws;
using Realtime.LocalCloud.Hosting;
using Realtime.LocalCloud.Iam;
using Realtime.LocalCloud.Sam;
using Realtime.TestSupport;

namespace Realtime.LocalCloud.Tests.Support;

/// <summary>
/// The whole local cloud, in-process, on free loopback ports, from the repository's own serverless.template and the
/// functions' build outputs; a 5-second idle window (the template's minimum) keeps sessions short.
/// </summary>
public sealed class LocalCloudFixture : IAsyncLifetime
{
    public const int IdleSeconds = 5;

    private readonly ConcurrentQueue<string> _lines = new();
    private readonly List<(Func<string, bool> Match, TaskCompletionSource<string> Found)> _waiters = [];

    internal LocalCloudHost Host { get; private set; } = null!;

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(30) };

    public IReadOnlyCollection<string> LogLines => _lines;

    public static AwsCredentials Admin { get; } = new(CredentialStore.AdminAccessKeyId, CredentialStore.AdminSecretAccessKey);

    public static string Region => LocalAccount.Region;

    public async Task InitializeAsync()
    {
        var log = new LocalLog(console: false);
        // LOCALCLOUD_TEST_LOG=<file> keeps the whole local cloud log of a test run for debugging.
        string? file = Environment.GetEnvironmentVariable("LOCALCLOUD_TEST_LOG");
        var gate = new object();
        log.Line += line =>
        {
            _lines.Enqueue(line);
            lock (_waiters)
            {
                foreach (var waiter in _waiters.Where(w => w.Match(line)).ToList())
                {
                    waiter.Found.TrySetResult(line);
                    _waiters.Remove(waiter);
                }
            }

            if (file is not null)
            {
                lock (gate)
                {
                    File.AppendAllText(file, line + Environment.NewLine);
                }
            }
        };
        Host = await LocalCloudHost.StartAsync(Options(), log);
    }

    internal static LocalCloudOptions Options() => new()
    {
        Root = RepositoryRoot.Path,
        ApiPort = 0,
        DemoPort = 0,
        IotPort = 0,
        StsPort = 0,
        Parameters = new Dictionary<string, string>
        {
            ["SessionIdleSeconds"] = IdleSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["SharedTopic"] = "lobby", // what ./build.sh run passes, for the pub/sub demo
        },
        WebRoot = System.IO.Path.Combine(RepositoryRoot.Path, "src", "Realtime.LocalCloud", "web"),
        LogToConsole = false,
    };

    public async Task<SessionInfo> NewSessionAsync()
    {
        using HttpResponseMessage response = await Http.GetAsync(Host.ApiUrl);
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {Host.ApiUrl} answered {(int)response.StatusCode}: {body}");
        return SessionInfo.Parse(body);
    }

    /// <summary>A presigned /mqtt URL for the local administrator (all rights), signed at <paramref name="signingTime"/>.</summary>
    public Uri AdminMqttUrl(DateTimeOffset? signingTime = null, TimeSpan? expiresIn = null) =>
        IotWebSocketPresigner.Presign(Host.MqttUrl, Region, Admin, signingTime ?? DateTimeOffset.UtcNow, expiresIn ?? TimeSpan.FromMinutes(5));

    /// <summary>Waits for a log line (already written or still to come) that <paramref name="match"/> accepts.</summary>
    public async Task<string> WaitForLogAsync(Func<string, bool> match, TimeSpan timeout)
    {
        var found = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_waiters)
        {
            if (_lines.FirstOrDefault(match) is { } existing)
            {
                return existing;
            }

            _waiters.Add((match, found));
        }

        try
        {
            return await found.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"no matching log line within {timeout.TotalSeconds} s; last lines:{Environment.NewLine}{string.Join(Environment.NewLine, _lines.TakeLast(15))}");
        }
    }

    /// <summary>Function log lines at ERROR level or runtime crashes, which no test expects.</summary>
    public IReadOnlyList<string> ErrorLines() =>
        _lines.Where(l => l.Contains("\"level\":\"ERROR\"", StringComparison.Ordinal) || l.Contains("Runtime.ExitError", StringComparison.Ordinal)
                          || l.Contains("Unhandled exception", StringComparison.Ordinal)).ToList();

    public async Task DisposeAsync()
    {
        Http.Dispose();
        if (Host is not null)
        {
            await Host.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class LocalCloudCollection : ICollectionFixture<LocalCloudFixture>
{
    public const string Name = "local cloud";
}
