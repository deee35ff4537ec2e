using MQTTnet;
using MQTTnet.Formatter;
using Realtime.Aws;
using ResponderFunction.Configuration;

namespace ResponderFunction.Transport;

/// <summary>Connects to AWS IoT Core (or a local broker) with MQTTnet and a URL presigned for this connection only.</summary>
internal sealed class MqttNetChannelConnector : IChannelConnector
{
    /// <summary>AWS IoT accepts 30..1200 s and drops a silent client after 1.5 x keep-alive (docs/mqtt.md).</summary>
    public static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(60);

    /// <summary>
    /// MQTTnet's own <see cref="MqttClientOptions.Timeout"/>. Every operation we start passes its own token (connect attempt,
    /// publish and goodbye budgets), so this only bounds what MQTTnet does by itself: the WebSocket close handshake when a
    /// connection ends (it waits for the broker's close frame) and the DISCONNECT write when no token is given. MQTTnet's
    /// default of 100 s could hold a dying connection that long; 5 s is ample on a healthy link.
    /// </summary>
    public static readonly TimeSpan OperationTimeout = TimeSpan.FromSeconds(5);

    // The URL is used within seconds of signing; IoT only checks it at the WebSocket upgrade.
    private static readonly TimeSpan PresignExpiry = TimeSpan.FromSeconds(60);

    private readonly ResponderConfig _config;
    private readonly TimeProvider _timeProvider;
    private readonly MqttClientFactory _factory = new();

    public MqttNetChannelConnector(ResponderConfig config, TimeProvider timeProvider)
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

        // Presign right before each connect, and again for every reconnect (docs/mqtt.md).
        Uri url = IotWebSocketPresigner.Presign(
            _config.IotEndpoint, _config.Region, credentials, _timeProvider.GetUtcNow(), PresignExpiry);
        MqttClientOptions clientOptions = CreateOptions(url, options.ClientId);

        var adapters = new CoalescingClientAdapterFactory();
        IMqttClient client = _factory.CreateMqttClient(adapters);
        var connection = new MqttNetChannelConnection(client, adapters, options.OnMessage);
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(options.ConnectTimeout);
        try
        {
            MqttClientConnectResult result = await client.ConnectAsync(clientOptions, attempt.Token).ConfigureAwait(false);
            if (result.ResultCode == MqttClientConnectResultCode.Success)
            {
                return connection;
            }

            await connection.DisposeAsync().ConfigureAwait(false);
            throw Refused(result.ResultCode);
        }
        catch (Exception ex) when (MqttNetChannelConnection.IsTransportError(ex))
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            if (attempt.IsCancellationRequested)
            {
                // MQTTnet reports a cancelled CONNACK wait as a failed connect; keep it a timeout (or the caller's cancel).
                throw new OperationCanceledException("The MQTT connect timed out.", ex, attempt.Token);
            }

            throw MqttNetChannelConnection.Convert(ex, "connect");
        }
        catch (OperationCanceledException)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The options of one connection; internal so a test can check every choice.</summary>
    internal static MqttClientOptions CreateOptions(Uri presignedUrl, string clientId) => new()
    {
        // AWS IoT Core speaks MQTT 3.1.1 and 5; the responder needs nothing from 5, and 3.1.1 is what the browser uses too.
        ProtocolVersion = MqttProtocolVersion.V311,
        ClientId = clientId,

        // A fresh client id per connection and nothing to resume: the session re-sends its own unacknowledged replies.
        CleanSession = true,
        KeepAlivePeriod = KeepAlive,
        Timeout = OperationTimeout,

        // No will: a responder that loses its connection reconnects and goes on; a will saying "bye" would end the browser's
        // session on every transient drop. Its last word is the bye it publishes itself.
        ChannelOptions = new MqttClientWebSocketOptions
        {
            // The presigned URL exactly as signed: OriginalString, never a re-encoded form (the signature covers the query).
            Uri = presignedUrl.OriginalString,
            SubProtocols = ["mqtt"],
        },
    };

    /// <summary>A CONNACK refusal: permanent unless the broker says it is unavailable (a retry may then succeed).</summary>
    internal static ChannelConnectionException Refused(MqttClientConnectResultCode code)
        => new($"MQTT connect refused ({code}).", isPermanent: code != MqttClientConnectResultCode.ServerUnavailable);
}
