using System.Buffers;
using System.Text;
using System.Threading.Channels;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using Realtime.Channels;

namespace ResponderFunction.Tests.Support;

/// <summary>
/// The browser side of a channel, with a real MQTT client (MQTTnet, MQTT 3.1.1): connects as <c>client-&lt;id&gt;</c> with the
/// will on the request topic, subscribes to the response topic, then triggers (the protocol's order) and reads what the
/// responder says.
/// </summary>
internal sealed class BrowserClient : IAsyncDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private readonly Channel<ChannelMessage> _messages = Channel.CreateUnbounded<ChannelMessage>();
    private IMqttClient _client = null!;
    private TaskCompletionSource _disconnected = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private BrowserClient(ChannelId channelId, TopicPrefix prefix)
    {
        ChannelId = channelId;
        Topics = ChannelTopics.For(prefix, channelId);
    }

    public ChannelId ChannelId { get; }

    public ChannelTopics Topics { get; }

    /// <summary>Completes when the current connection is lost.</summary>
    public Task Disconnected => _disconnected.Task;

    public static async Task<BrowserClient> ConnectAsync(Uri endpoint, ChannelId? channelId = null, TopicPrefix? prefix = null)
    {
        var browser = new BrowserClient(channelId ?? ChannelId.New(), prefix ?? TopicPrefix.Default);
        await browser.ReconnectAsync(endpoint);
        return browser;
    }

    /// <summary>Connects (again) and subscribes to the response topic.</summary>
    public async Task ReconnectAsync(Uri endpoint)
    {
        if (_client is not null)
        {
            _client.Dispose();
        }

        _disconnected = new(TaskCreationOptions.RunContinuationsAsynchronously);
        var options = new MqttClientOptions
        {
            ProtocolVersion = MqttProtocolVersion.V311,
            ClientId = ClientIds.ForClient(ChannelId),
            CleanSession = true,
            KeepAlivePeriod = TimeSpan.FromSeconds(30),
            WillTopic = Topics.Request,
            WillPayload = ChannelMessages.ClientWill(),
            WillQualityOfServiceLevel = MqttQualityOfServiceLevel.AtLeastOnce,
            AllowPacketFragmentation = false,
            ChannelOptions = new MqttClientWebSocketOptions { Uri = endpoint.OriginalString },
        };
        _client = new MqttClientFactory().CreateMqttClient();
        TaskCompletionSource disconnected = _disconnected;
        _client.DisconnectedAsync += _ =>
        {
            disconnected.TrySetResult();
            return Task.CompletedTask;
        };
        _client.ApplicationMessageReceivedAsync += args =>
        {
            byte[] payload = args.ApplicationMessage.Payload.ToArray();
            _messages.Writer.TryWrite(ChannelMessages.TryParse(payload, out ChannelMessage? parsed)
                ? parsed
                : new ChannelMessage("unparsable:" + Encoding.UTF8.GetString(payload)));
            return Task.CompletedTask;
        };
        using var cancel = new CancellationTokenSource(Timeout);
        await _client.ConnectAsync(options, cancel.Token);
        await _client.SubscribeAsync(Topics.Response, MqttQualityOfServiceLevel.AtLeastOnce, cancel.Token);
    }

    /// <summary>The trigger as the IoT rule delivers it: the payload plus the publisher's client id.</summary>
    public string RuleEvent() => $$"""{"channelId":"{{ChannelId.Value}}","clientId":"{{ClientIds.ForClient(ChannelId)}}"}""";

    public Task TriggerAsync() => PublishAsync(Topics.Session, ChannelMessages.Trigger(ChannelId));

    public Task RequestAsync(string requestId) => PublishAsync(Topics.Request, Encoding.UTF8.GetBytes($$"""{"requestId":"{{requestId}}"}"""));

    public Task ByeAsync() => PublishAsync(Topics.Request, ChannelMessages.ClientBye());

    /// <summary>Publishes raw bytes on a topic with QoS 1 (waits for the PUBACK).</summary>
    public async Task PublishAsync(string topic, byte[] payload)
    {
        using var cancel = new CancellationTokenSource(Timeout);
        var message = new MqttApplicationMessage
        {
            Topic = topic,
            Payload = new ReadOnlySequence<byte>(payload),
            QualityOfServiceLevel = MqttQualityOfServiceLevel.AtLeastOnce,
        };
        await _client.PublishAsync(message, cancel.Token);
    }

    /// <summary>The next message on the response topic; fails after <paramref name="timeout"/> (default 20 s).</summary>
    public async Task<ChannelMessage> NextAsync(TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? Timeout);
        try
        {
            return await _messages.Reader.ReadAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"No message on {Topics.Response} within {(timeout ?? Timeout).TotalSeconds:0.#} s.");
        }
    }

    /// <summary>Skips messages until one has the given type (e.g. a re-sent pong before a repeated ready).</summary>
    public async Task<ChannelMessage> NextOfTypeAsync(string type, TimeSpan? timeout = null)
    {
        while (true)
        {
            ChannelMessage message = await NextAsync(timeout);
            if (message.Type == type)
            {
                return message;
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        _client?.Dispose();
        return ValueTask.CompletedTask;
    }
}
