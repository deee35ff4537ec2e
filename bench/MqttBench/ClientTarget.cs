using Realtime.Mqtt;

namespace MqttBench;

/// <summary>Our <see cref="MqttClient"/> over WebSocket, with its handler counting arrivals.</summary>
internal sealed class ClientTarget : IBenchTarget
{
    private readonly SemaphoreSlim _received = new(0);
    private readonly string _topic;
    private MqttClient? _client;

    private ClientTarget(string topic) => _topic = topic;

    public string Name => "MqttClient over WebSocket";

    public static async Task<ClientTarget> StartAsync(Uri endpoint, string topic)
    {
        var target = new ClientTarget(topic);
        target._client = await MqttClient.ConnectAsync(new MqttClientOptions
        {
            Endpoint = endpoint,
            ClientId = "bench-client-" + Guid.NewGuid().ToString("N")[..8],
            MessageHandler = (_, _) =>
            {
                target._received.Release();
                return ValueTask.CompletedTask;
            },
        });
        await target._client.SubscribeAsync(topic, MqttQos.AtLeastOnce);
        return target;
    }

    public async Task RoundTripAsync(MqttQos qos, byte[] payload)
    {
        await _client!.PublishAsync(new MqttMessage(_topic, payload, qos));
        await _received.TakeAsync();
    }

    public async Task PublishManyAsync(MqttQos qos, int count, int window, byte[] payload)
    {
        var message = new MqttMessage(_topic, payload, qos);
        if (qos == MqttQos.AtMostOnce)
        {
            for (int i = 0; i < count; i++)
            {
                await _client!.PublishAsync(message);
            }
        }
        else
        {
            using var slots = new SemaphoreSlim(window);
            var publishes = new List<Task>(count);
            for (int i = 0; i < count; i++)
            {
                await slots.TakeAsync();
                publishes.Add(PublishAndReleaseAsync(message, slots));
            }

            await Task.WhenAll(publishes);
        }

        for (int i = 0; i < count; i++)
        {
            await _received.TakeAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_client is not null)
        {
            await _client.DisposeAsync();
        }
    }

    private async Task PublishAndReleaseAsync(MqttMessage message, SemaphoreSlim slots)
    {
        try
        {
            await _client!.PublishAsync(message);
        }
        finally
        {
            slots.Release();
        }
    }
}
