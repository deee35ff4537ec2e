using Realtime.Mqtt;

namespace ResponderFunction.Transport;

/// <summary>Adapts <see cref="MqttClient"/> to the session's seam; converts MQTT errors in this one place.</summary>
internal sealed class MqttChannelConnection : IChannelConnection
{
    private readonly MqttClient _client;

    public MqttChannelConnection(MqttClient client)
    {
        _client = client;
        Closed = DescribeCloseAsync(client);
    }

    public Task<string> Closed { get; }

    public async Task SubscribeAsync(string topicFilter, CancellationToken cancellationToken)
    {
        try
        {
            await _client.SubscribeAsync(topicFilter, MqttQos.AtLeastOnce, cancellationToken).ConfigureAwait(false);
        }
        catch (MqttException ex)
        {
            throw Convert(ex, "subscribe");
        }
    }

    public async Task PublishAsync(string topic, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        try
        {
            await _client.PublishAsync(new MqttMessage(topic, payload, MqttQos.AtLeastOnce), cancellationToken).ConfigureAwait(false);
        }
        catch (MqttException ex)
        {
            throw Convert(ex, "publish");
        }
    }

    public async Task DisconnectAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _client.DisconnectAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (MqttException ex)
        {
            throw Convert(ex, "disconnect");
        }
    }

    public ValueTask DisposeAsync() => _client.DisposeAsync();

    private static async Task<string> DescribeCloseAsync(MqttClient client)
    {
        MqttDisconnectInfo info = await client.Disconnected.ConfigureAwait(false);
        return info.Error is null ? info.Reason.ToString() : $"{info.Reason}: {info.Error.Message}";
    }

    /// <summary>Refusals that a retry cannot fix are permanent; drops, timeouts and "server unavailable" are not.</summary>
    public static ChannelConnectionException Convert(MqttException error, string operation)
    {
        bool permanent = error.Code switch
        {
            MqttErrorCode.ConnectionRefused => error.ConnectReturnCode is not MqttConnectReturnCode.ServerUnavailable,
            // AWS-NOTES: an unauthorized SUBSCRIBE gets SUBACK 0x80; never resubscribe into a loop.
            MqttErrorCode.SubscriptionRefused => true,
            MqttErrorCode.PayloadTooLarge or MqttErrorCode.InvalidTopic or MqttErrorCode.QosNotSupported => true,
            _ => false,
        };
        return new ChannelConnectionException($"MQTT {operation} failed ({error.Code}): {error.Message}", permanent, error);
    }
}
