using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Realtime.Hosting;

namespace Realtime.TestSupport;

/// <summary>
/// A private Mosquitto child process for tests, on free 127.0.0.1 ports: a websockets listener (<see cref="WebSocketUri"/>)
/// and a plain MQTT listener (<see cref="TcpPort"/>; Mosquitto 2.0 will not start with a websockets listener alone).
/// Generated config in a temp folder; anonymous access and set_tcp_nodelay by default. <see cref="StopAsync"/>/<see cref="RestartAsync"/>
/// keep the same ports, for broker-restart tests. Disposing kills the process and deletes the folder. Started through
/// <see cref="ChildProcesses"/>: a test host that dies without disposing (SIGKILL by a hang timeout, a crash) takes the
/// broker with it instead of leaving it running.
/// </summary>
public sealed class MosquittoBroker : IAsyncDisposable
{
    private readonly MosquittoBrokerOptions _options;
    private readonly string _executable;
    private readonly ConcurrentQueue<string> _log = new();
    private Process? _process;

    private MosquittoBroker(MosquittoBrokerOptions options, string executable, string directory, int tcpPort, int webSocketPort)
    {
        _options = options;
        _executable = executable;
        ConfigDirectory = directory;
        TcpPort = tcpPort;
        WebSocketPort = webSocketPort;
    }

    /// <summary>The plain MQTT (TCP) listener's port on 127.0.0.1.</summary>
    public int TcpPort { get; }

    /// <summary>The websockets listener's port on 127.0.0.1.</summary>
    public int WebSocketPort { get; }

    /// <summary><c>ws://127.0.0.1:port/mqtt</c> (Mosquitto accepts any path).</summary>
    public Uri WebSocketUri => new($"ws://127.0.0.1:{WebSocketPort}/mqtt");

    /// <summary>The temp folder holding mosquitto.conf (and passwd/acl when configured).</summary>
    public string ConfigDirectory { get; }

    /// <summary>Whether the broker process is running.</summary>
    public bool IsRunning => _process is { HasExited: false };

    /// <summary>Everything the broker printed so far (for failure messages).</summary>
    public string Log => string.Join(Environment.NewLine, _log);

    /// <summary>Starts a broker and waits (bounded) until both listeners accept connections.</summary>
    public static async Task<MosquittoBroker> StartAsync(MosquittoBrokerOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new MosquittoBrokerOptions();
        string executable = MosquittoConfig.FindExecutable();
        for (int attempt = 1; ; attempt++)
        {
            // Free ports are found by binding port 0 and letting go: another process may grab one before Mosquitto does.
            var broker = new MosquittoBroker(options, executable, MosquittoConfig.CreateDirectory(), FreePort(), FreePort());
            try
            {
                await MosquittoConfig.WriteAsync(broker, options, cancellationToken).ConfigureAwait(false);
                await broker.RestartAsync(cancellationToken).ConfigureAwait(false);
                return broker;
            }
            catch (InvalidOperationException) when (attempt < 3 && !cancellationToken.IsCancellationRequested)
            {
                await broker.DisposeAsync().ConfigureAwait(false);
            }
            catch
            {
                await broker.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }
    }

    /// <summary>Stops the broker (SIGKILL: clients see their connections drop at once) and waits for it to exit.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (_process is not { } process)
        {
            return;
        }

        _process = null;
        ChildProcesses.Kill(process);

        await process.WaitForExitAsync(cancellationToken).WaitAsync(TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);
        process.Dispose();
    }

    /// <summary>(Re)starts the broker on the same ports and waits (bounded) until both listeners accept connections.</summary>
    public async Task RestartAsync(CancellationToken cancellationToken = default)
    {
        await StopAsync(cancellationToken).ConfigureAwait(false);
        var info = new ProcessStartInfo(_executable) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(Path.Combine(ConfigDirectory, "mosquitto.conf"));
        Process process = await ChildProcesses.StartAsync(info).ConfigureAwait(false);
        process.OutputDataReceived += (_, e) => Record(e.Data);
        process.ErrorDataReceived += (_, e) => Record(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.StartTimeout);
        try
        {
            await WaitUntilAcceptingAsync(process, TcpPort, timeout.Token).ConfigureAwait(false);
            await WaitUntilAcceptingAsync(process, WebSocketPort, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new InvalidOperationException(
                $"Mosquitto did not accept connections on 127.0.0.1:{TcpPort} and :{WebSocketPort} within {_options.StartTimeout.TotalSeconds} s. Its output:{Environment.NewLine}{Log}");
        }
    }

    /// <summary>Kills the broker and deletes its temp folder.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        try
        {
            Directory.Delete(ConfigDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }

    private void Record(string? line)
    {
        if (line is not null && _log.Count < 10_000)
        {
            _log.Enqueue(line);
        }
    }

    private static async Task WaitUntilAcceptingAsync(Process process, int port, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"Mosquitto exited with code {process.ExitCode} while starting.");
            }

            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (SocketException)
            {
                // Not listening yet: poll again shortly (bounded by the caller's start timeout).
                await Task.Delay(20, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
