using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Realtime.Mqtt;

namespace ColdStartBench.Support;

/// <summary>
/// What the demo page does, with our MQTT client: GET a session from the API, connect with its presigned URL, subscribe
/// to the response topic, trigger the responder, send requests, wait for typed messages ("ready", "pong", "bye").
/// </summary>
public sealed class Browser : IAsyncDisposable
{
    private readonly Channel<(long At, string Type, string? RequestId)> _messages = Channel.CreateUnbounded<(long, string, string?)>();
    private readonly MqttClient _client;
    private int _pongs;

    private Browser(MqttClient client, Session session)
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
        MqttClient client = await MqttClient.ConnectAsync(new MqttClientOptions
        {
            Endpoint = new Uri(session.EndpointUrl),
            ClientId = session.ClientId,
            MessageHandler = (message, _) =>
            {
                browser?.OnMessage(message);
                return ValueTask.CompletedTask;
            },
        });
        browser = new Browser(client, session);
        await client.SubscribeAsync(session.ResponseTopic, MqttQos.AtLeastOnce);
        return browser;
    }

    /// <summary>Publishes the trigger on the session topic; returns when it was handed to the connection.</summary>
    public Task TriggerAsync() => PublishAsync(Session.SessionTopic, $"{{\"channelId\":\"{Session.ChannelId}\"}}");

    public Task RequestAsync(string requestId) => PublishAsync(Session.RequestTopic, $"{{\"requestId\":\"{requestId}\"}}");

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

    public ValueTask DisposeAsync() => _client.DisposeAsync();

    private Task PublishAsync(string topic, string json) =>
        _client.PublishAsync(new MqttMessage(topic, Encoding.UTF8.GetBytes(json), MqttQos.AtLeastOnce));

    private void OnMessage(MqttMessage message)
    {
        long at = Stopwatch.GetTimestamp();
        using JsonDocument document = JsonDocument.Parse(message.Payload);
        JsonElement root = document.RootElement;
        string type = root.TryGetProperty("type", out JsonElement t) ? t.GetString() ?? "" : "";
        string? requestId = root.TryGetProperty("requestId", out JsonElement r) ? r.GetString() : null;
        if (type == "pong")
        {
            Interlocked.Increment(ref _pongs);
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
