using System.Buffers;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using Realtime.Channels;

namespace Realtime.Client;

/// <summary>
/// One MQTT 3.1.1 connection over WebSocket (MQTTnet) with the presigned URL unchanged and the issued client id, clean
/// session, and the channel's will (<c>{"type":"bye","reason":"disconnected"}</c> on the request topic). Messages and
/// the end of the connection are reported through callbacks; MQTTnet never reconnects on its own.
/// </summary>
internal sealed class ChannelConnection : IAsyncDisposable
{
    private static readonly byte[] s_will = "{\"type\":\"bye\",\"reason\":\"disconnected\"}"u8.ToArray();
    private readonly IMqttClient _client;

    private ChannelConnection(IMqttClient client) => _client = client;

    public bool IsConnected => _client.IsConnected;

    public static async Task<ChannelConnection> ConnectAsync(
        SessionResponse session, TimeSpan keepAlive, Action<byte[]> onMessage, Action<string> onDisconnected, CancellationToken cancellationToken)
    {
        IMqttClient client = new MqttClientFactory().CreateMqttClient();
        var connection = new ChannelConnection(client);
        client.ApplicationMessageReceivedAsync += e =>
        {
            onMessage(e.ApplicationMessage.Payload.ToArray());
            return Task.CompletedTask;
        };
        client.DisconnectedAsync += e =>
        {
            // Only a connection that was up ends here; a failed connect throws from ConnectAsync instead.
            if (e.ClientWasConnected)
            {
                onDisconnected(Describe(e));
            }

            return Task.CompletedTask;
        };

        MqttClientOptions options = new MqttClientOptionsBuilder()
            .WithWebSocketServer(o => o.WithUri(session.EndpointUrl))
            .WithClientId(session.ClientId)
            .WithProtocolVersion(MqttProtocolVersion.V311)
            .WithCleanSession(true)
            .WithKeepAlivePeriod(keepAlive)
            .WithTimeout(TimeSpan.FromSeconds(10))
            .WithWillTopic(session.Topics.Request)
            .WithWillPayload(s_will)
            .WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build();
        try
        {
            await client.ConnectAsync(options, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            client.Dispose();
            throw;
        }

        return connection;
    }

    public async Task SubscribeAsync(string topic, CancellationToken cancellationToken)
    {
        MqttClientSubscribeResult result = await _client.SubscribeAsync(
            new MqttClientSubscribeOptionsBuilder().WithTopicFilter(topic, MqttQualityOfServiceLevel.AtLeastOnce).Build(), cancellationToken).ConfigureAwait(false);
        MqttClientSubscribeResultCode code = result.Items.Single().ResultCode;
        if (code > MqttClientSubscribeResultCode.GrantedQoS2)
        {
            throw new InvalidOperationException($"The broker refused the subscription to {topic} ({code}).");
        }
    }

    public Task PublishAsync(string topic, byte[] payload, CancellationToken cancellationToken) =>
        _client.PublishAsync(
            new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build(),
            cancellationToken);

    /// <summary>A normal DISCONNECT: the broker drops the will (the app said bye itself).</summary>
    public async Task DisconnectAsync(CancellationToken cancellationToken)
    {
        if (_client.IsConnected)
        {
            await _client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().WithReason(MqttClientDisconnectOptionsReason.NormalDisconnection).Build(), cancellationToken)
                .ConfigureAwait(false);
        }
    }

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }

    private static string Describe(MqttClientDisconnectedEventArgs e) =>
        e.Exception is { } error ? $"connection lost: {error.GetBaseException().Message}" : $"connection closed ({e.Reason})";
}
