using Realtime.Mqtt;
using Realtime.Mqtt.Packets;

namespace MqttBench;

/// <summary>The floor: a bare connection driven with the codec only.</summary>
internal sealed class RawTarget : IBenchTarget
{
    private readonly RawLink _link;
    private readonly string _topic;
    private readonly SemaphoreSlim _received = new(0);
    private readonly SemaphoreSlim _acknowledged = new(0);
    private readonly Task _receiveLoop;
    private ushort _nextId = 1;

    private RawTarget(string name, RawLink link, string topic)
    {
        Name = name;
        _link = link;
        _topic = topic;
        _receiveLoop = Task.Run(ReceiveLoopAsync);
    }

    public string Name { get; }

    public static async Task<RawTarget> StartAsync(string name, RawLink link, string topic)
    {
        await link.HandshakeAsync("bench-raw-" + Guid.NewGuid().ToString("N")[..8], topic, MqttQos.AtLeastOnce);
        return new RawTarget(name, link, topic);
    }

    public async Task RoundTripAsync(MqttQos qos, byte[] payload)
    {
        await _link.SendAsync(Publish(qos, payload));
        await _received.TakeAsync();
        if (qos == MqttQos.AtLeastOnce)
        {
            await _acknowledged.TakeAsync();
        }
    }

    public async Task PublishManyAsync(MqttQos qos, int count, int window, byte[] payload)
    {
        for (int i = 0; i < count; i++)
        {
            if (qos == MqttQos.AtLeastOnce && i >= window)
            {
                await _acknowledged.TakeAsync();
            }

            await _link.SendAsync(Publish(qos, payload));
        }

        for (int i = 0; i < count; i++)
        {
            await _received.TakeAsync();
        }

        for (int i = qos == MqttQos.AtLeastOnce ? Math.Min(count, window) : 0; i > 0; i--)
        {
            await _acknowledged.TakeAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _link.DisposeAsync();
        await _receiveLoop.WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private PublishPacket Publish(MqttQos qos, byte[] payload)
    {
        if (qos == MqttQos.AtMostOnce)
        {
            return new PublishPacket(_topic, payload);
        }

        _nextId = _nextId == ushort.MaxValue ? (ushort)1 : (ushort)(_nextId + 1);
        return new PublishPacket(_topic, payload, qos, PacketId: _nextId);
    }

    private async Task ReceiveLoopAsync()
    {
        try
        {
            while (true)
            {
                switch (await _link.ReceiveAsync())
                {
                    case PublishPacket publish:
                        if (publish.Qos == MqttQos.AtLeastOnce)
                        {
                            await _link.SendAsync(new PubAckPacket(publish.PacketId));
                        }

                        _received.Release();
                        break;
                    case PubAckPacket:
                        _acknowledged.Release();
                        break;
                }
            }
        }
        catch (Exception exception) when (exception is InvalidOperationException or IOException or MqttException or ObjectDisposedException)
        {
            // The connection closed: the run is over.
        }
    }
}
