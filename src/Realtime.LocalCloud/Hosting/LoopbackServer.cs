using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Realtime.LocalCloud.Hosting;

/// <summary>A bare Kestrel server on one loopback port (0 = any free port) with the pipeline the caller configures.</summary>
internal sealed class LoopbackServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LoopbackServer(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    public int Port { get; }

    public static async Task<LoopbackServer> StartAsync(int port, Action<WebApplication> configure, CancellationToken cancellationToken)
    {
        // No config file watching: every server would hold an inotify instance (the per-user default is 128), and the
        // local cloud runs one server per function execution environment, so a few hundred channels would exhaust them.
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = ["--hostBuilder:reloadConfigOnChange=false"] });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options =>
        {
            options.Listen(IPAddress.Loopback, port);
            // API Gateway accepts 10 MB; Lambda responses may be 6 MB: above both, so those limits are ours to report.
            options.Limits.MaxRequestBodySize = 10 * 1024 * 1024;
        });
        WebApplication app = builder.Build();
        configure(app);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw new InvalidOperationException($"cannot listen on 127.0.0.1:{port} ({e.Message}); choose another port", e);
        }

        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new LoopbackServer(app, new Uri(address).Port);
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            await _app.StopAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Connections that did not close in time are aborted by DisposeAsync.
        }

        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
