using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Realtime.Mqtt;

namespace Realtime.LocalCloud.Tests.Support;

/// <summary>Collects MQTT messages from a client's handler so a test can await the next one with a time limit.</summary>
internal sealed class MessageInbox
{
    private readonly Channel<MqttMessage> _messages = Channel.CreateUnbounded<MqttMessage>();

    public ValueTask HandleAsync(MqttMessage message, CancellationToken cancellationToken)
    {
        _messages.Writer.TryWrite(message);
        return ValueTask.CompletedTask;
    }

    /// <summary>The next message, whatever its topic.</summary>
    public async Task<MqttMessage> NextAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            return await _messages.Reader.ReadAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"no message within {timeout.TotalSeconds} s");
        }
    }

    /// <summary>The next message on <paramref name="topic"/> whose JSON "type" is <paramref name="type"/>.</summary>
    public async Task<JsonElement> NextAsync(string topic, string type, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            while (true)
            {
                MqttMessage message = await _messages.Reader.ReadAsync(cancel.Token);
                if (message.Topic != topic)
                {
                    continue;
                }

                using JsonDocument document = JsonDocument.Parse(message.Payload);
                if (document.RootElement.TryGetProperty("type", out JsonElement t) && t.GetString() == type)
                {
                    return document.RootElement.Clone();
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"no '{type}' message on {topic} within {timeout.TotalSeconds} s");
        }
    }

    public static ReadOnlyMemory<byte> Json(string json) => Encoding.UTF8.GetBytes(json);
}
