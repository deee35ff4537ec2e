using System.Net;
using System.Net.Sockets;

namespace ResponderFunction.Tests.Support;

/// <summary>
/// A loopback TCP forwarder for fault injection: cut every connection abruptly (RST, no MQTT DISCONNECT: what a closed tab or a
/// dead network looks like to the broker), swallow what the clients of the current connections send (their packets vanish,
/// so no PUBACK ever comes back), and hold new connections until released. It also counts the WebSocket frames clients send.
/// </summary>
internal sealed class TcpProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _targetPort;
    private readonly Lock _gate = new();
    private readonly List<Socket> _sockets = [];
    private readonly HashSet<Socket> _swallowing = [];
    private TaskCompletionSource _admit = Admitted();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _acceptLoop;

    public TcpProxy(int targetPort)
    {
        _targetPort = targetPort;
        _listener.Start();
        _acceptLoop = AcceptLoopAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>The WebSocket data frames the clients have sent through this proxy (all connections together).</summary>
    public int ClientDataFrames
    {
        get
        {
            lock (_gate)
            {
                return _clientFrames.Sum(c => c.DataFrames);
            }
        }
    }

    private readonly List<WebSocketFrameCounter> _clientFrames = [];

    /// <summary>Connections accepted so far.</summary>
    public int Accepted => Volatile.Read(ref _accepted);

    private int _accepted;

    /// <summary>From now on, bytes the current clients send are read and dropped (the connections stay open).</summary>
    public void SwallowFromCurrentClients()
    {
        lock (_gate)
        {
            _swallowing.UnionWith(_sockets.Where((_, i) => i % 2 == 0)); // client sockets are added first of each pair
        }
    }

    /// <summary>New connections wait (accepted, not forwarded) until <see cref="AdmitNewConnections"/>.</summary>
    public void HoldNewConnections() => Interlocked.Exchange(ref _admit, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    public void AdmitNewConnections() => _admit.TrySetResult();

    private static TaskCompletionSource Admitted()
    {
        var admitted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        admitted.SetResult();
        return admitted;
    }

    /// <summary>Resets every forwarded connection (both sides see an abrupt close).</summary>
    public void DropAll()
    {
        List<Socket> sockets;
        lock (_gate)
        {
            sockets = [.. _sockets];
            _sockets.Clear();
        }

        foreach (Socket socket in sockets)
        {
            try
            {
                socket.LingerState = new LingerOption(enable: true, seconds: 0); // close with RST
                socket.Close();
            }
            catch (ObjectDisposedException)
            {
                // Its pump already reset it when its partner (closed just before) was.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        DropAll();
        try
        {
            await _acceptLoop.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        _stopping.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stopping.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            Interlocked.Increment(ref _accepted);
            _ = ForwardAsync(client);
        }
    }

    private async Task ForwardAsync(Socket client)
    {
        try
        {
            await _admit.Task.WaitAsync(_stopping.Token);
        }
        catch (OperationCanceledException)
        {
            client.Close();
            return;
        }

        var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await server.ConnectAsync(new IPEndPoint(IPAddress.Loopback, _targetPort), _stopping.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException)
        {
            client.Close();
            server.Dispose();
            return;
        }

        lock (_gate)
        {
            _sockets.Add(client);
            _sockets.Add(server);
        }

        var frames = new WebSocketFrameCounter();
        lock (_gate)
        {
            _clientFrames.Add(frames);
        }

        _ = PumpAsync(client, server, frames);
        _ = PumpAsync(server, client, counter: null);
    }

    private async Task PumpAsync(Socket from, Socket to, WebSocketFrameCounter? counter)
    {
        byte[] buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                int read = await from.ReceiveAsync(buffer, SocketFlags.None);
                if (read == 0)
                {
                    to.Shutdown(SocketShutdown.Send);
                    return;
                }

                bool swallow;
                lock (_gate)
                {
                    swallow = _swallowing.Contains(from);
                }

                if (!swallow)
                {
                    counter?.Add(buffer.AsSpan(0, read));
                    await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None);
                }
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // One side was reset or closed: reset the other as well.
            try
            {
                to.LingerState = new LingerOption(enable: true, seconds: 0);
                to.Close();
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }
}
