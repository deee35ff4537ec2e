using System.Buffers;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace ColdStartBench.Support;

/// <summary>
/// What the demo page does, with MQTTnet: GET a session from the API, connect with its presigned URL, subscribe
/// to the response topic, trigger the responder, send requests, wait for typed messages ("ready", "pong", "bye").
/// </summary>
public sealed class Browser : IAsyncDisposable
{
    private readonly Channel<(long At, string Type, string? RequestId)> _messages = Channel.CreateUnbounded<(long, string, string?)>();
    private readonly IMqttClient _client;
    private readonly SemaphoreSlim _pongArrived = new(0);
    private int _pongs;

    private Browser(IMqttClient client, Session session)
    {
        _client = client;
        Session = session;
    }

    public Session Session { get; }

    /// <summary>PONG messages received so far.</summary>
    public int Pongs => Volatile.Read(ref _pongs);

    /// <summary>GET / on the session API; throws unless it answers 200 with a session.</summary>
    public static async Task<Session> GetSessionAsync(HttpClient http, Uri api)
    {
        using HttpResponseMessage response = await http.GetAsync(api);
        string body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"GET {api} answered {(int)response.StatusCode}: {body}");
        }

        return Session.Parse(body);
    }

    /// <summary>Connects as the session's browser and subscribes to its response topic.</summary>
    public static async Task<Browser> ConnectAsync(Session session)
    {
        Browser? browser = null;
        IMqttClient client = new MqttClientFactory().CreateMqttClient();
        client.ApplicationMessageReceivedAsync += e =>
        {
            browser?.OnMessage(e.ApplicationMessage.Payload.ToArray());
            return Task.CompletedTask;
        };
        MqttClientOptions options = new MqttClientOptionsBuilder()
            .WithWebSocketServer(o => o.WithUri(session.EndpointUrl))
            .WithProtocolVersion(MqttProtocolVersion.V311)
            .WithClientId(session.ClientId)
            .WithCleanSession()
            .WithTimeout(TimeSpan.FromSeconds(20))
            .Build();
        await client.ConnectAsync(options);
        browser = new Browser(client, session);
        await client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter(session.ResponseTopic, MqttQualityOfServiceLevel.AtLeastOnce).Build());
        return browser;
    }

    /// <summary>Publishes the trigger on the session topic; returns when it was handed to the connection.</summary>
    public Task TriggerAsync() => PublishAsync(Session.SessionTopic, $"{{\"channelId\":\"{Session.ChannelId}\"}}");

    public Task RequestAsync(string requestId) => PublishAsync(Session.RequestTopic, $"{{\"requestId\":\"{requestId}\"}}");

    /// <summary>
    /// Sends <paramref name="count"/> requests as fast as the channel takes them, with at most <paramref name="window"/>
    /// unanswered: AWS IoT holds at most 100 unacknowledged QoS 1 messages per connection, and the local endpoint, like any
    /// broker, drops deliveries queued beyond its bound for a client that cannot keep up.
    /// </summary>
    public async Task BurstAsync(int count, int window, CancellationToken cancellationToken)
    {
        for (int i = 0; i < count; i++)
        {
            while (i - Pongs >= window)
            {
                await _pongArrived.WaitAsync(cancellationToken);
            }

            await RequestAsync("b" + i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    public Task ByeAsync() => PublishAsync(Session.RequestTopic, "{\"type\":\"bye\"}");

    /// <summary>Waits for the next message of <paramref name="type"/>; returns when it arrived (Stopwatch timestamp) and its requestId.</summary>
    public async Task<(long At, string? RequestId)> WaitAsync(string type, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            while (true)
            {
                var message = await _messages.Reader.ReadAsync(cancel.Token);
                if (message.Type == type)
                {
                    return (message.At, message.RequestId);
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"no '{type}' message on {Session.ResponseTopic} within {timeout.TotalSeconds} s");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_client.IsConnected)
        {
            await _client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build());
        }

        _client.Dispose();
    }

    private Task PublishAsync(string topic, string json) =>
        _client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(Encoding.UTF8.GetBytes(json))
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());

    private void OnMessage(byte[] payload)
    {
        long at = Stopwatch.GetTimestamp();
        using JsonDocument document = JsonDocument.Parse(payload);
        JsonElement root = document.RootElement;
        string type = root.TryGetProperty("type", out JsonElement t) ? t.GetString() ?? "" : "";
        string? requestId = root.TryGetProperty("requestId", out JsonElement r) ? r.GetString() : null;
        if (type == "pong")
        {
            Interlocked.Increment(ref _pongs);
            _pongArrived.Release();
        }

        _messages.Writer.TryWrite((at, type, requestId));
    }
}

/// <summary>The session function's answer, the fields a browser uses.</summary>
public sealed record Session(string EndpointUrl, string ChannelId, string ClientId, string SessionTopic, string RequestTopic, string ResponseTopic)
{
    public static Session Parse(string json)
    {
        using JsonDocument document = JsonDocument.Parse(json);
        JsonElement root = document.RootElement;
        JsonElement topics = root.GetProperty("topics");
        return new Session(
            root.GetProperty("endpointUrl").GetString()!, root.GetProperty("channelId").GetString()!, root.GetProperty("clientId").GetString()!,
            topics.GetProperty("session").GetString()!, topics.GetProperty("request").GetString()!, topics.GetProperty("response").GetString()!);
    }
}
