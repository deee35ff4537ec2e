using System.Runtime.InteropServices;
using System.Text.Json;
using Realtime.Channels;
using Realtime.Lambda;
using ResponderFunction.Handlers;
using ResponderFunction.Sessions;
using ResponderFunction.Transport;

namespace ResponderFunction;

/// <summary>
/// The Lambda handler: validates the IoT rule's event (untrusted) and runs one channel session. It always returns a summary,
/// never an error: an error would make Lambda retry the asynchronous invocation twice (AWS-NOTES), starting two more sessions.
/// </summary>
internal sealed class ResponderHandler
{
    private readonly TopicPrefix _prefix;
    private readonly SessionOptions _options;
    private readonly IChannelConnector _connector;
    private readonly IChannelMessageHandler _handler;
    private readonly TimeProvider _timeProvider;

    public ResponderHandler(TopicPrefix prefix, SessionOptions options, IChannelConnector connector, IChannelMessageHandler handler, TimeProvider timeProvider)
    {
        _prefix = prefix;
        _options = options;
        _connector = connector;
        _handler = handler;
        _timeProvider = timeProvider;
    }

    /// <summary>Serves the channel named by <paramref name="trigger"/> until the session ends.</summary>
    public async Task<SessionSummary> HandleAsync(JsonElement trigger, ILambdaContext context)
    {
        // The bootstrap has already parsed the body as JSON; the parser sees the exact bytes again (size limit included).
        TriggerParseResult parsed = TriggerParser.Parse(JsonMarshal.GetRawUtf8Value(trigger));
        if (!parsed.IsAccepted)
        {
            context.Logger.LogWarning(parsed.Message);
            return new SessionSummary(ChannelId: null, SessionEndReason.Rejected.ToWireName(), RequestsServed: 0, Reconnects: 0);
        }

        ChannelId channelId = parsed.Trigger.ChannelId;
        context.Logger.LogInformation(
            $"Serving channel {channelId} for {context.RemainingTime.TotalSeconds:0} s at most (idle {_options.IdleTime.TotalSeconds:0} s).");
        var session = new ChannelSession(
            channelId, ChannelTopics.For(_prefix, channelId), _options, _connector, _handler, _timeProvider, context.Logger);
        try
        {
            return await session.RunAsync(context.RemainingTime).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // A bug, not a normal end; still a response, so Lambda does not start the same session again.
            context.Logger.LogError($"Session on channel {channelId} failed: {ex}");
            return new SessionSummary(channelId.Value, SessionEndReason.Error.ToWireName(), RequestsServed: 0, Reconnects: 0);
        }
    }
}
