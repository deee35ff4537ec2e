using Realtime.Mqtt.Packets;
using Realtime.Mqtt.Transport;

namespace Realtime.Mqtt.Tests.Client;

/// <summary>Connects an <see cref="MqttClient"/> to a <see cref="FakeTransport"/>.</summary>
internal static class ClientHarness
{
    public static MqttClientOptions Options(TimeProvider? time = null) => new()
    {
        Endpoint = new Uri("ws://127.0.0.1:9/mqtt"),
        ClientId = "client-1",
        KeepAlive = TimeSpan.FromSeconds(10),
        TimeProvider = time ?? TimeProvider.System,
    };

    public static Task<MqttClient> StartConnect(MqttClientOptions options, FakeTransport transport, CancellationToken cancellationToken = default) =>
        MqttClient.ConnectAsync(options, (_, _) => Task.FromResult<IMqttTransport>(transport), cancellationToken);

    public static async Task<(MqttClient Client, FakeTransport Transport)> ConnectAsync(MqttClientOptions? options = null)
    {
        var transport = new FakeTransport();
        Task<MqttClient> connecting = StartConnect(options ?? Options(), transport);
        await transport.NextSentAsync<ConnectPacket>();
        transport.Deliver(new ConnAckPacket(SessionPresent: false, MqttConnectReturnCode.Accepted));
        return (await connecting.Within(), transport);
    }
}
