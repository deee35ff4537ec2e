using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using MQTTnet;

namespace Realtime.LocalCloud.Tests.Support;

/// <summary>One received message: its topic and payload (copied out of MQTTnet's buffers).</summary>
internal sealed record InboxMessage(string Topic, byte[] Payload, bool Retain);

/// <summary>Collects an MQTT client's messages so a test can await the next one with a time limit.</summary>
internal sealed class MessageInbox
{
    private readonly Channel<InboxMessage> _messages = Channel.CreateUnbounded<InboxMessage>();

    public Task HandleAsync(MqttApplicationMessageReceivedEventArgs e)
    {
        _messages.Writer.TryWrite(new InboxMessage(e.ApplicationMessage.Topic, e.ApplicationMessage.Payload.ToArray(), e.ApplicationMessage.Retain));
        return Task.CompletedTask;
    }

    /// <summary>The next message, whatever its topic.</summary>
    public async Task<InboxMessage> NextAsync(TimeSpan timeout)
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

    /// <summary>A message that is already here, if any (no waiting).</summary>
    public bool TryTake(out InboxMessage? message) => _messages.Reader.TryRead(out message);

    /// <summary>The next message on <paramref name="topic"/> whose JSON "type" is <paramref name="type"/>.</summary>
    public async Task<JsonElement> NextAsync(string topic, string type, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            while (true)
            {
                InboxMessage message = await _messages.Reader.ReadAsync(cancel.Token);
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

    public static byte[] Json(string json) => Encoding.UTF8.GetBytes(json);
}
