using System.Text;
using System.Threading.Channels;
using Realtime.Channels;
using Realtime.Mqtt;

namespace ResponderFunction.Tests.Support;

/// <summary>
/// The browser side of a channel, with the real MQTT client: connects as <c>client-&lt;id&gt;</c> with the will on the
/// request topic, subscribes to the response topic, then triggers (the protocol's order) and reads what the responder says.
/// </summary>
internal sealed class BrowserClient : IAsyncDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private readonly Channel<ChannelMessage> _messages = Channel.CreateUnbounded<ChannelMessage>();
    private MqttClient _client = null!;

    private BrowserClient(ChannelId channelId, TopicPrefix prefix)
    {
        ChannelId = channelId;
        Topics = ChannelTopics.For(prefix, channelId);
    }

    public ChannelId ChannelId { get; }

    public ChannelTopics Topics { get; }

    public MqttClient Client => _client;

    public static async Task<BrowserClient> ConnectAsync(Uri endpoint, ChannelId? channelId = null, TopicPrefix? prefix = null)
    {
        var browser = new BrowserClient(channelId ?? ChannelId.New(), prefix ?? TopicPrefix.Default);
        await browser.ReconnectAsync(endpoint);
        return browser;
    }

    /// <summary>Connects (again) and subscribes to the response topic.</summary>
    public async Task ReconnectAsync(Uri endpoint)
    {
        var options = new MqttClientOptions
        {
            Endpoint = endpoint,
            ClientId = ClientIds.ForClient(ChannelId),
            KeepAlive = TimeSpan.FromSeconds(30),
            Will = new MqttWill(Topics.Request, ChannelMessages.ClientWill(), MqttQos.AtLeastOnce),
            MessageHandler = (message, _) =>
            {
                if (ChannelMessages.TryParse(message.Payload.Span, out ChannelMessage? parsed))
                {
                    _messages.Writer.TryWrite(parsed);
                }
                else
                {
                    _messages.Writer.TryWrite(new ChannelMessage("unparsable:" + Encoding.UTF8.GetString(message.Payload.Span)));
                }

                return ValueTask.CompletedTask;
            },
        };
        using var cancel = new CancellationTokenSource(Timeout);
        _client = await MqttClient.ConnectAsync(options, cancel.Token);
        await _client.SubscribeAsync(Topics.Response, MqttQos.AtLeastOnce, cancel.Token);
    }

    /// <summary>The trigger as the IoT rule delivers it: the payload plus the publisher's client id.</summary>
    public string RuleEvent() => $$"""{"channelId":"{{ChannelId.Value}}","clientId":"{{ClientIds.ForClient(ChannelId)}}"}""";

    public Task TriggerAsync() => _client.PublishAsync(new MqttMessage(Topics.Session, ChannelMessages.Trigger(ChannelId), MqttQos.AtLeastOnce));

    public Task RequestAsync(string requestId)
        => _client.PublishAsync(new MqttMessage(Topics.Request, Encoding.UTF8.GetBytes($$"""{"requestId":"{{requestId}}"}"""), MqttQos.AtLeastOnce));

    public Task ByeAsync() => _client.PublishAsync(new MqttMessage(Topics.Request, ChannelMessages.ClientBye(), MqttQos.AtLeastOnce));

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

    public async ValueTask DisposeAsync() => await _client.DisposeAsync();
}
