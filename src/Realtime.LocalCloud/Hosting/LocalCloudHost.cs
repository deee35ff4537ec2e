using Microsoft.AspNetCore.Builder;
using Realtime.LocalCloud.Api;
using Realtime.LocalCloud.Demo;
using Realtime.LocalCloud.DynamoDb;
using Realtime.LocalCloud.Functions;
using Realtime.LocalCloud.Iam;
using Realtime.LocalCloud.Iot;
using Realtime.LocalCloud.Sam;
using Realtime.LocalCloud.Sts;

namespace Realtime.LocalCloud.Hosting;

/// <summary>
/// The whole local stack in one process: the IoT endpoint (MQTTnet.Server broker + data plane + rules), STS, the Lambda
/// emulation and the HTTP API, plus the demo page. Start it with <see cref="StartAsync"/>; disposing it stops everything, child processes included.
/// </summary>
internal sealed class LocalCloudHost : IAsyncDisposable
{
    private readonly List<IAsyncDisposable> _parts = [];
    private IotContext _iot = null!;
    private LoopbackServer _iotServer = null!;
    private StsEndpoint _sts = null!;

    private LocalCloudHost(LocalLog log) => Log = log;

    public LocalLog Log { get; }

    public LocalTemplate Template { get; private set; } = null!;

    public LambdaService Lambda { get; private set; } = null!;

    public Uri ApiUrl { get; private set; } = null!;

    public Uri DemoUrl { get; private set; } = null!;

    /// <summary>The IoT endpoint's HTTP base (data plane, <c>--endpoint-url</c>); MQTT is at <see cref="MqttUrl"/>.</summary>
    public Uri IotUrl { get; private set; } = null!;

    public Uri MqttUrl => new($"ws://{IotUrl.Authority}/mqtt");

    public Uri StsUrl { get; private set; } = null!;

    /// <summary>The local DynamoDB endpoint (the template's tables), AWS_ENDPOINT_URL_DYNAMODB of every function.</summary>
    public Uri DynamoDbUrl { get; private set; } = null!;

    /// <summary>The in-process MQTT broker behind the IoT endpoint.</summary>
    public IotBroker Broker { get; private set; } = null!;

    /// <summary>The child processes this stack runs now: every function execution environment.</summary>
    public IReadOnlyList<int> ChildProcessIds() => Lambda is null ? [] : [.. Lambda.Pools.SelectMany(p => p.ProcessIds())];

    public static async Task<LocalCloudHost> StartAsync(LocalCloudOptions options, LocalLog? log = null, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        time ??= TimeProvider.System;
        var host = new LocalCloudHost(log ?? new LocalLog(options.LogToConsole));
        try
        {
            await host.StartPartsAsync(options, time, cancellationToken).ConfigureAwait(false);
            return host;
        }
        catch
        {
            await host.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task StartPartsAsync(LocalCloudOptions options, TimeProvider time, CancellationToken cancellationToken)
    {
        string templatePath = options.TemplatePath ?? Path.Combine(options.Root, "serverless.template");
        Template = TemplateLoader.Load(templatePath, options.Parameters);
        foreach (string warning in Template.Warnings)
        {
            Log.Write("template", "warning: " + warning);
        }

        var credentials = new CredentialStore(time);
        var overrides = new Dictionary<string, string>(StringComparer.Ordinal);
        Lambda = new LambdaService(Template, options.Root, credentials, overrides, Log, time, options.AsyncRetryDelay, options.FunctionsFolder);
        _parts.Add(Lambda);
        var rules = new RuleEngine(Template.IotRules, Lambda, Log, time);

        _iot = new IotContext(credentials, rules, Log, time);
        LoopbackServer iotServer = await StartIotAsync(options.IotPort, cancellationToken).ConfigureAwait(false);
        var sts = _sts = new StsEndpoint(Template.Roles, credentials, Log, time, options.CredentialLifetime);
        LoopbackServer stsServer = await Start(options.StsPort, app => app.Run(sts.HandleAsync), cancellationToken).ConfigureAwait(false);
        var dynamoDb = new DynamoDbEndpoint(new DynamoDbService(Template.Tables.Select(t => new LocalTable(t, time))), credentials, Log, time);
        LoopbackServer dynamoDbServer = await Start(0, app => app.Run(dynamoDb.HandleAsync), cancellationToken).ConfigureAwait(false);
        DynamoDbUrl = new Uri($"http://127.0.0.1:{dynamoDbServer.Port}/");
        var gateway = new HttpApiGateway(new RouteTable(Template.Routes), Template.Cors, Lambda, Log, time, credentials);
        LoopbackServer apiServer = await Start(options.ApiPort, app => app.Run(gateway.HandleAsync), cancellationToken).ConfigureAwait(false);

        IotUrl = new Uri($"http://127.0.0.1:{iotServer.Port}/");
        StsUrl = new Uri($"http://127.0.0.1:{stsServer.Port}/");
        ApiUrl = new Uri($"http://127.0.0.1:{apiServer.Port}/");

        var demo = new DemoSite(options.WebRoot ?? Path.Combine(AppContext.BaseDirectory, "web"), ApiUrl);
        LoopbackServer demoServer = await Start(options.DemoPort, app => app.Run(demo.HandleAsync), cancellationToken).ConfigureAwait(false);
        DemoUrl = new Uri($"http://127.0.0.1:{demoServer.Port}/");

        // Point the unchanged functions at the local endpoints; explicit --env values win.
        overrides["AWS_IOT_ENDPOINT_URL"] = MqttUrl.ToString();
        overrides["AWS_ENDPOINT_URL_STS"] = StsUrl.ToString().TrimEnd('/');
        overrides["AWS_ENDPOINT_URL_DYNAMODB"] = DynamoDbUrl.ToString().TrimEnd('/');
        // No debugger pipe or diagnostics socket in /tmp: a function process killed at stop (or by its timeout) would leave
        // its clr-debug-pipe-* and dotnet-diagnostic-* files behind.
        overrides["DOTNET_EnableDiagnostics"] = "0";
        foreach (var (key, value) in options.Environment)
        {
            overrides[key] = value;
        }

        foreach (string rule in rules.Describe())
        {
            Log.Write("rules", rule);
        }
    }

    /// <summary>
    /// Fault injection (the soak, docs/measured-numbers.md): stops the IoT endpoint (every MQTT connection ends, the broker's
    /// sessions are gone), waits <paramref name="downtime"/>, and starts a fresh one on the same port.
    /// </summary>
    public async Task RestartIotAsync(TimeSpan downtime)
    {
        Log.Write("iot", $"restarting the IoT endpoint ({downtime.TotalSeconds:0.#} s down)");
        int port = _iotServer.Port;
        IotBroker old = Broker;
        _parts.Remove(old);
        _parts.Remove(_iotServer);
        await old.DisposeAsync().ConfigureAwait(false);
        await _iotServer.DisposeAsync().ConfigureAwait(false);
        await Task.Delay(downtime).ConfigureAwait(false);
        await StartIotAsync(port, CancellationToken.None).ConfigureAwait(false);
        Log.Write("iot", "the IoT endpoint is back");
    }

    /// <summary>Fault injection: STS answers 503 ServiceUnavailable for <paramref name="duration"/>.</summary>
    public void MakeStsUnavailable(TimeSpan duration)
    {
        Log.Write("sts", $"unavailable for {duration.TotalSeconds:0.#} s");
        _sts.MakeUnavailable(duration);
    }

    private async Task<LoopbackServer> StartIotAsync(int port, CancellationToken cancellationToken)
    {
        IotBroker broker = Broker = await IotBroker.StartAsync(_iot).ConfigureAwait(false);
        var iotEndpoint = new IotEndpoint(_iot, broker);
        _iotServer = await Start(port, app => { app.UseWebSockets(); app.Run(iotEndpoint.HandleAsync); }, cancellationToken).ConfigureAwait(false);
        // Disposed before the HTTP server: MQTT connections end cleanly instead of being aborted mid-packet.
        _parts.Add(broker);
        return _iotServer;
    }

    private async Task<LoopbackServer> Start(int port, Action<WebApplication> configure, CancellationToken cancellationToken)
    {
        LoopbackServer server = await LoopbackServer.StartAsync(port, configure, cancellationToken).ConfigureAwait(false);
        _parts.Add(server);
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        // Servers first (no new work; the MQTT broker before its HTTP server), then the functions.
        for (int i = _parts.Count - 1; i >= 0; i--)
        {
            try
            {
                await _parts[i].DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception e)
            {
                Log.Write("localcloud", $"while stopping: {e.Message}");
            }
        }

        _parts.Clear();
    }
}
