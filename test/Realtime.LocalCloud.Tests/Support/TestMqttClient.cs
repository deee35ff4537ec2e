using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace Realtime.LocalCloud.Tests.Support;

/// <summary>
/// An MQTTnet client as a browser or device uses the local IoT endpoint: MQTT 3.1.1 over WebSocket to a presigned URL,
/// clean session. Records how the connection ended; disposing disconnects cleanly when still connected.
/// </summary>
internal sealed class TestMqttClient : IAsyncDisposable
{
    private readonly TaskCompletionSource<MqttClientDisconnectedEventArgs> _disconnected = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private TestMqttClient(IMqttClient client) => Client = client;

    public IMqttClient Client { get; }

    public bool IsConnected => Client.IsConnected;

    /// <summary>Completes when the connection ends after having been established.</summary>
    public Task<MqttClientDisconnectedEventArgs> Disconnected => _disconnected.Task;

    public static MqttClientOptions Options(Uri url, string clientId, Action<MqttClientOptionsBuilder>? configure = null)
    {
        MqttClientOptionsBuilder builder = new MqttClientOptionsBuilder()
            .WithWebSocketServer(o => o.WithUri(url.ToString()))
            .WithProtocolVersion(MqttProtocolVersion.V311)
            .WithClientId(clientId)
            .WithCleanSession()
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(60))
            .WithTimeout(TimeSpan.FromSeconds(20));
        configure?.Invoke(builder);
        return builder.Build();
    }

    /// <summary>Connects and asserts the CONNACK accepted it.</summary>
    public static async Task<TestMqttClient> ConnectAsync(Uri url, string clientId, MessageInbox? inbox = null, Action<MqttClientOptionsBuilder>? configure = null)
    {
        var (client, result) = await TryConnectAsync(url, clientId, inbox, configure);
        Assert.True(result == MqttClientConnectResultCode.Success, $"CONNECT as {clientId} answered {result}");
        return client;
    }

    /// <summary>Connects and returns the CONNACK's result, whatever it is.</summary>
    public static async Task<(TestMqttClient Client, MqttClientConnectResultCode Result)> TryConnectAsync(
        Uri url, string clientId, MessageInbox? inbox = null, Action<MqttClientOptionsBuilder>? configure = null)
    {
        var client = new TestMqttClient(new MqttClientFactory().CreateMqttClient());
        if (inbox is not null)
        {
            client.Client.ApplicationMessageReceivedAsync += inbox.HandleAsync;
        }

        client.Client.DisconnectedAsync += e =>
        {
            if (e.ClientWasConnected)
            {
                client._disconnected.TrySetResult(e);
            }

            return Task.CompletedTask;
        };
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        MqttClientConnectResult result = await client.Client.ConnectAsync(Options(url, clientId, configure), timeout.Token);
        return (client, result.ResultCode);
    }

    public async Task<MqttClientSubscribeResultCode> SubscribeAsync(string filter, MqttQualityOfServiceLevel qos = MqttQualityOfServiceLevel.AtLeastOnce)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        MqttClientSubscribeResult result = await Client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter(filter, qos).Build(), timeout.Token);
        return Assert.Single(result.Items).ResultCode;
    }

    public async Task PublishAsync(string topic, byte[] payload, MqttQualityOfServiceLevel qos = MqttQualityOfServiceLevel.AtLeastOnce, bool retain = false)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var message = new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload).WithQualityOfServiceLevel(qos).WithRetainFlag(retain).Build();
        await Client.PublishAsync(message, timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        if (Client.IsConnected)
        {
            try
            {
                await Client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build());
            }
            catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException or OperationCanceledException)
            {
                // Already gone.
            }
        }

        Client.Dispose();
    }
}
