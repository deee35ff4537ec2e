using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ResponderBench;

/// <summary>
/// A loopback WebSocket endpoint (Kestrel) that forwards each connection to Mosquitto's plain TCP listener. Mosquitto
/// 2.0.11's own websockets listener answers an upgrade only every 100–200 ms; through this bridge the upgrade takes about a
/// millisecond, so trigger → ready shows the responder's own time instead of the broker's polling interval.
/// </summary>
internal sealed class WebSocketTcpBridge : IAsyncDisposable
{
    private readonly WebApplication _app;

    private WebSocketTcpBridge(WebApplication app) => _app = app;

    public Uri Endpoint { get; private set; } = null!;

    public static async Task<WebSocketTcpBridge> StartAsync(int brokerTcpPort)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(options => options.Listen(IPAddress.Loopback, 0));
        WebApplication app = builder.Build();
        app.UseWebSockets();
        app.Map("/mqtt", async (HttpContext http) =>
        {
            if (!http.WebSockets.IsWebSocketRequest)
            {
                http.Response.StatusCode = StatusCodes.Status400BadRequest;
                return;
            }

            using WebSocket socket = await http.WebSockets.AcceptWebSocketAsync("mqtt");
            using var broker = new TcpClient { NoDelay = true };
            await broker.ConnectAsync(IPAddress.Loopback, brokerTcpPort);
            NetworkStream stream = broker.GetStream();
            using var done = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
            Task up = PumpUpAsync(socket, stream, done.Token);
            Task down = PumpDownAsync(stream, socket, done.Token);
            await Task.WhenAny(up, down);
            await done.CancelAsync();
        });
        var bridge = new WebSocketTcpBridge(app);
        await app.StartAsync();
        bridge.Endpoint = new Uri($"ws://{new Uri(app.Urls.First()).Authority}/mqtt");
        return bridge;
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(timeout.Token);
        await _app.DisposeAsync();
    }

    private static async Task PumpUpAsync(WebSocket socket, NetworkStream stream, CancellationToken cancellationToken)
    {
        byte[] buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                ValueWebSocketReceiveResult result = await socket.ReceiveAsync(buffer.AsMemory(), cancellationToken);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }

                await stream.WriteAsync(buffer.AsMemory(0, result.Count), cancellationToken);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or OperationCanceledException)
        {
        }
    }

    private static async Task PumpDownAsync(NetworkStream stream, WebSocket socket, CancellationToken cancellationToken)
    {
        byte[] buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                int read = await stream.ReadAsync(buffer, cancellationToken);
                if (read == 0)
                {
                    return;
                }

                await socket.SendAsync(buffer.AsMemory(0, read), WebSocketMessageType.Binary, endOfMessage: true, cancellationToken);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or OperationCanceledException)
        {
        }
    }
}
