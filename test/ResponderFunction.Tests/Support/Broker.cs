using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace ResponderFunction.Tests.Support;

/// <summary>
/// TEMPORARY stand-in until Realtime.TestSupport's MosquittoBroker lands: a real mosquitto on free loopback ports
/// (a websockets listener plus the plain TCP listener Mosquitto 2.0 needs next to it), restartable on the same ports.
/// </summary>
internal sealed class Broker : IAsyncDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("responder-mosquitto-").FullName;
    private Process? _process;

    private Broker()
    {
        TcpPort = FreePort();
        WebSocketPort = FreePort();
        File.WriteAllText(ConfigPath, $"""
            listener {TcpPort} 127.0.0.1
            listener {WebSocketPort} 127.0.0.1
            protocol websockets
            allow_anonymous true
            persistence false
            """);
    }

    public int TcpPort { get; }

    public int WebSocketPort { get; }

    public Uri WebSocketUri => new($"ws://127.0.0.1:{WebSocketPort}/mqtt");

    private string ConfigPath => Path.Combine(_directory, "mosquitto.conf");

    public static async Task<Broker> StartAsync()
    {
        var broker = new Broker();
        await broker.StartProcessAsync();
        return broker;
    }

    public async Task RestartAsync()
    {
        await StopProcessAsync();
        await StartProcessAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await StopProcessAsync();
        Directory.Delete(_directory, recursive: true);
    }

    private async Task StartProcessAsync()
    {
        var startInfo = new ProcessStartInfo("/usr/sbin/mosquitto") { RedirectStandardOutput = true, RedirectStandardError = true };
        startInfo.ArgumentList.Add("-c");
        startInfo.ArgumentList.Add(ConfigPath);
        _process = Process.Start(startInfo)!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            using var probe = new TcpClient();
            try
            {
                await probe.ConnectAsync(IPAddress.Loopback, WebSocketPort, limit.Token);
                return;
            }
            catch (SocketException) when (!_process.HasExited)
            {
                await Task.Delay(20, limit.Token); // polling a port that is not open yet: no signal to await
            }
        }
    }

    private async Task StopProcessAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }

        _process?.Dispose();
        _process = null;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
