using System.Buffers;
using System.Diagnostics;
using System.Threading.Channels;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace ResponderBench;

/// <summary>
/// A bare MQTTnet client (MQTT 3.1.1 over WebSocket, clean session) for the load generator, the floor relay and the echo:
/// publishes QoS 1 without waiting for the PUBACK unless asked, and hands every incoming message to a callback.
/// </summary>
internal sealed class BenchClient : IAsyncDisposable
{
    private readonly IMqttClient _client;
    private long _publishFailures;

    private BenchClient(IMqttClient client) => _client = client;

    /// <summary>Publishes that failed (fire-and-forget ones are counted here instead of being awaited).</summary>
    public long PublishFailures => Interlocked.Read(ref _publishFailures);

    public static async Task<BenchClient> ConnectAsync(
        Uri endpoint, string clientId, Func<string, ReadOnlySequence<byte>, Task> onMessage, CancellationToken cancellationToken,
        bool fragmentPackets = false)
    {
        IMqttClient client = new MqttClientFactory().CreateMqttClient();
        client.ApplicationMessageReceivedAsync += args => onMessage(args.ApplicationMessage.Topic, args.ApplicationMessage.Payload);
        var options = new MqttClientOptions
        {
            ProtocolVersion = MqttProtocolVersion.V311,
            ClientId = clientId,
            CleanSession = true,
            KeepAlivePeriod = TimeSpan.FromSeconds(60),
            Timeout = TimeSpan.FromSeconds(5),
            AllowPacketFragmentation = fragmentPackets,
            ChannelOptions = new MqttClientWebSocketOptions { Uri = endpoint.OriginalString },
        };
        await client.ConnectAsync(options, cancellationToken);
        return new BenchClient(client);
    }

    public Task SubscribeAsync(string topic, CancellationToken cancellationToken)
        => _client.SubscribeAsync(topic, MqttQualityOfServiceLevel.AtLeastOnce, cancellationToken);

    /// <summary>Publishes QoS 1; the PUBACK is not awaited (a failure is counted in <see cref="PublishFailures"/>).</summary>
    public void Publish(string topic, ReadOnlyMemory<byte> payload)
    {
        Task publish = _client.PublishAsync(Message(topic, payload));
        if (!publish.IsCompletedSuccessfully)
        {
            _ = publish.ContinueWith(
                t => Interlocked.Increment(ref _publishFailures),
                CancellationToken.None,
                TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }
    }

    /// <summary>Publishes QoS 1 and waits for the PUBACK.</summary>
    public Task PublishAndWaitAsync(string topic, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
        => _client.PublishAsync(Message(topic, payload), cancellationToken);

    public async ValueTask DisposeAsync()
    {
        try
        {
            using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await _client.DisconnectAsync(new MqttClientDisconnectOptions(), cancel.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or MQTTnet.Exceptions.MqttCommunicationException or InvalidOperationException)
        {
        }

        _client.Dispose();
    }

    private static MqttApplicationMessage Message(string topic, ReadOnlyMemory<byte> payload) => new()
    {
        Topic = topic,
        Payload = new ReadOnlySequence<byte>(payload),
        QualityOfServiceLevel = MqttQualityOfServiceLevel.AtLeastOnce,
    };
}
