using System.Net;
using System.Net.WebSockets;
using MQTTnet;
using MQTTnet.Protocol;
using MQTTnet.Server;
using Realtime.LocalCloud.Iam;

namespace Realtime.LocalCloud.Iot;

/// <summary>
/// The local AWS IoT message broker: MQTTnet.Server in this process, with no listener of its own. The IoT endpoint hands it
/// each WebSocket whose SigV4 presigned URL it verified; <see cref="IotAuthorizer"/> applies AWS IoT's policies and limits;
/// the HTTPS data plane publishes through <see cref="PublishAsync"/>; the rules engine sees every accepted message.
/// </summary>
internal sealed class IotBroker : IAsyncDisposable
{
    private readonly MqttServer _server;
    private readonly IotWebSocketAdapter _adapter = new();
    private long _connections;

    private IotBroker(IotContext iot)
    {
        MqttServerOptions options = new MqttServerOptionsBuilder()
            .WithDefaultCommunicationTimeout(IotLimits.ConnectTimeout) // no CONNECT within 10 s: closed
            .WithMaxPendingMessagesPerClient(IotLimits.MaxQueuedPerClient)
            .Build();
        _server = new MqttServerFactory().CreateMqttServer(options, [_adapter], new MqttNetLogBridge(iot.Log));
        new IotAuthorizer(iot).Attach(_server);
    }

    public static async Task<IotBroker> StartAsync(IotContext iot)
    {
        var broker = new IotBroker(iot);
        await broker._server.StartAsync().ConfigureAwait(false);
        return broker;
    }

    /// <summary>Serves one authenticated WebSocket as an MQTT connection until it ends.</summary>
    public Task RunAsync(WebSocket socket, IssuedCredentials identity, EndPoint? remote) =>
        _adapter.RunAsync(socket, new IotConnection(identity, remote, Interlocked.Increment(ref _connections)));

    /// <summary>Publishes for the data plane (already authorized by its caller); the rules see it with clientid() "n/a".</summary>
    public Task PublishAsync(string topic, byte[] payload, MqttQualityOfServiceLevel qos, bool retain, CancellationToken cancellationToken)
    {
        var message = new MqttApplicationMessage { Topic = topic, PayloadSegment = payload, QualityOfServiceLevel = qos, Retain = retain };
        return _server.InjectApplicationMessage(
            new InjectedMqttApplicationMessage(message) { CustomSessionItems = IotAuthorizer.DataPlaneItems(), SenderClientId = "" },
            cancellationToken);
    }

    /// <summary>How many MQTT clients are connected now (tests check that ended connections are gone).</summary>
    public async Task<int> ConnectedClientsAsync() => (await _server.GetClientsAsync().ConfigureAwait(false)).Count;

    public async ValueTask DisposeAsync()
    {
        await _server.StopAsync(new MqttServerStopOptions()).ConfigureAwait(false);
        _server.Dispose();
    }
}
