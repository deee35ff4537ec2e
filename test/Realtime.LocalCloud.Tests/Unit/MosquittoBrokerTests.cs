using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Realtime.LocalCloud.Broker;

namespace Realtime.LocalCloud.Tests.Unit;

public sealed class MosquittoBrokerTests
{
    [Fact]
    public async Task WaitListening_PortThatNeverOpens_ReturnsFalseAtTheTimeout_InsteadOfThrowingCancellation()
    {
        // A port nobody listens on: every probe is refused at once, so the timeout fires during the poll delay.
        int port = ClosedPort();
        var clock = Stopwatch.StartNew();

        bool listening = await MosquittoBroker.WaitListeningAsync(() => false, port, TimeSpan.FromMilliseconds(300), CancellationToken.None)
            .WaitAsync(TimeSpan.FromSeconds(10));

        Assert.False(listening);
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task WaitListening_CallerCancellation_Throws()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => MosquittoBroker.WaitListeningAsync(() => false, ClosedPort(), TimeSpan.FromSeconds(30), cancel.Token).WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task WaitListening_ExitedProcess_ReturnsFalse()
    {
        Assert.False(await MosquittoBroker.WaitListeningAsync(() => true, ClosedPort(), TimeSpan.FromSeconds(30), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task WaitListening_ListeningPort_ReturnsTrue()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        Assert.True(await MosquittoBroker.WaitListeningAsync(() => false, port, TimeSpan.FromSeconds(30), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10)));
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
