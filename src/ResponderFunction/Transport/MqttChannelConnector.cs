using Realtime.Aws;
using Realtime.Mqtt;
using ResponderFunction.Configuration;

namespace ResponderFunction.Transport;

/// <summary>Connects to AWS IoT Core (or a local broker) with a URL presigned for this connection only.</summary>
internal sealed class MqttChannelConnector : IChannelConnector
{
    /// <summary>AWS accepts 30..1200 s (AWS-NOTES) and drops a silent client after 1.5 x keep-alive.</summary>
    public static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(60);

    // The URL is used within seconds of signing; IoT only checks it at the WebSocket upgrade.
    private static readonly TimeSpan PresignExpiry = TimeSpan.FromSeconds(60);

    private readonly ResponderConfig _config;
    private readonly TimeProvider _timeProvider;

    public MqttChannelConnector(ResponderConfig config, TimeProvider timeProvider)
    {
        _config = config;
        _timeProvider = timeProvider;
    }

    public async Task<IChannelConnection> ConnectAsync(ChannelConnectOptions options, CancellationToken cancellationToken)
    {
        AwsCredentials credentials;
        try
        {
            credentials = _config.Credentials();
        }
        catch (InvalidOperationException ex)
        {
            throw new ChannelConnectionException(ex.Message, isPermanent: true, ex);
        }

        // AWS-NOTES: presign right before each connect, and again for every reconnect.
        Uri url = IotWebSocketPresigner.Presign(
            _config.IotEndpoint, _config.Region, credentials, _timeProvider.GetUtcNow(), PresignExpiry);
        var mqttOptions = new MqttClientOptions
        {
            Endpoint = url,
            ClientId = options.ClientId,
            CleanSession = true,
            KeepAlive = KeepAlive,
            ConnectTimeout = options.ConnectTimeout,
            TimeProvider = _timeProvider,
            MessageHandler = (message, ct) => options.OnMessage(message.Topic, message.Payload, ct),
        };

        try
        {
            MqttClient client = await MqttClient.ConnectAsync(mqttOptions, cancellationToken).ConfigureAwait(false);
            return new MqttChannelConnection(client);
        }
        catch (MqttException ex)
        {
            throw MqttChannelConnection.Convert(ex, "connect");
        }
    }
}
