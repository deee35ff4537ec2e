using System.Threading.Channels;
using Realtime.Mqtt.Transport;

namespace Realtime.Mqtt.Tests.Integration;

/// <summary>Connects real clients (WebSocket transport) to a broker, with an inbox channel for received messages.</summary>
internal sealed class Clients
{
    private static int _sequence;

    public static string NewClientId(string prefix) => $"{prefix}-{Environment.ProcessId}-{Interlocked.Increment(ref _sequence)}";

    public static MqttClientOptions Options(Uri endpoint, string prefix, Channel<MqttMessage>? inbox = null) => new()
    {
        Endpoint = endpoint,
        ClientId = NewClientId(prefix),
        KeepAlive = TimeSpan.FromSeconds(30),
        ConnectTimeout = TimeSpan.FromSeconds(5),
        MessageHandler = inbox is null ? null : (message, cancellationToken) => inbox.Writer.WriteAsync(message, cancellationToken),
    };

    public static Task<MqttClient> ConnectAsync(MqttClientOptions options) => MqttClient.ConnectAsync(options).Within();

    /// <summary>Connects over the real WebSocket transport and hands out the transport, so a test can abort the socket.</summary>
    public static async Task<(MqttClient Client, IMqttTransport Transport)> ConnectWithTransportAsync(MqttClientOptions options)
    {
        IMqttTransport? transport = null;
        MqttClient client = await MqttClient.ConnectAsync(
            options,
            async (o, cancellationToken) => transport = await WebSocketMqttTransport.ConnectAsync(o, cancellationToken),
            CancellationToken.None).Within();
        return (client, transport!);
    }

    public static async Task<MqttMessage> NextAsync(Channel<MqttMessage> inbox) => await inbox.Reader.ReadAsync().AsTask().Within();

    public static string Topic(string name) => $"test/{Environment.ProcessId}/{Interlocked.Increment(ref _sequence)}/{name}";
}
