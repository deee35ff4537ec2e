using System.Net.WebSockets;
using MQTTnet.Adapter;
using MQTTnet.Diagnostics.Logger;
using MQTTnet.Formatter;
using MQTTnet.Server;

namespace Realtime.LocalCloud.Iot;

/// <summary>
/// Feeds MQTTnet.Server the WebSockets that the IoT endpoint accepted after checking their SigV4 signature: the server has no
/// listener of its own. (MQTTnet.AspNetCore's adapter does the same, but with MQTTnet's channel; ours carries the caller's
/// identity and the packet size gate.)
/// </summary>
internal sealed class IotWebSocketAdapter : IMqttServerAdapter
{
    private IMqttNetLogger _logger = MqttNetNullLogger.Instance;

    /// <summary>Set by the server while it runs; null once it stopped.</summary>
    public Func<IMqttChannelAdapter, Task>? ClientHandler { get; set; }

    public Task StartAsync(MqttServerOptions options, IMqttNetLogger logger)
    {
        _logger = logger;
        return Task.CompletedTask;
    }

    public Task StopAsync() => Task.CompletedTask;

    /// <summary>Runs one MQTT connection until it ends.</summary>
    public async Task RunAsync(WebSocket socket, IotConnection connection)
    {
        if (ClientHandler is not { } handler)
        {
            connection.SetCloseReason("the IoT endpoint is stopping");
            return;
        }

        var channel = new IotWebSocketChannel(socket, connection);
        var formatter = new MqttPacketFormatterAdapter(new MqttBufferWriter(4096, 65535));
        using var adapter = new IotChannelAdapter(new MqttChannelAdapter(channel, formatter, _logger) { AllowPacketFragmentation = false }, connection);
        await handler(adapter).ConfigureAwait(false);
    }

    public void Dispose()
    {
    }
}
