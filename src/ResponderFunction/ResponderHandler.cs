using Realtime.Channels;
using Realtime.Lambda;
using ResponderFunction.Handlers;
using ResponderFunction.Ownership;
using ResponderFunction.Sessions;
using ResponderFunction.Transport;

namespace ResponderFunction;

/// <summary>
/// The Lambda handler: validates the IoT rule's event (untrusted) and runs one channel session. It always returns a summary,
/// never an error: an error would make Lambda retry the asynchronous invocation twice (docs/responder.md), starting two more sessions.
/// </summary>
internal sealed class ResponderHandler
{
    private readonly TopicPrefix _prefix;
    private readonly SessionOptions _options;
    private readonly IChannelConnector _connector;
    private readonly IChannelMessageHandler _handler;
    private readonly TimeProvider _timeProvider;
    private readonly ChannelOwnership _ownership;

    public ResponderHandler(
        TopicPrefix prefix, SessionOptions options, IChannelConnector connector, IChannelMessageHandler handler, TimeProvider timeProvider,
        ChannelOwnership? ownership = null)
    {
        _ownership = ownership ?? ChannelOwnership.None;
        _prefix = prefix;
        _options = options;
        _connector = connector;
        _handler = handler;
        _timeProvider = timeProvider;
    }

    /// <summary>Serves the channel named by <paramref name="trigger"/> (the raw event body: any bytes) until the session ends.</summary>
    public async Task<SessionSummary> HandleAsync(ReadOnlyMemory<byte> trigger, ILambdaContext context)
    {
        // The bootstrap hands over the body as it came (not even checked to be JSON), so every payload, however broken,
        // gets the "rejected" summary here instead of an invocation error.
        TriggerParseResult parsed;
        try
        {
            parsed = TriggerParser.Parse(trigger.Span);
        }
        catch (Exception ex)
        {
            // The parser promises not to throw; if it ever does, that is our bug, but still no invocation error (retries).
            context.Logger.LogError($"Trigger refused: the trigger parser failed on a {trigger.Length}-byte payload: {ex}");
            return Rejected();
        }

        if (!parsed.IsAccepted)
        {
            context.Logger.LogWarning(parsed.Message);
            return Rejected();
        }

        ChannelId channelId = parsed.Trigger.ChannelId;
        // One responder per channel (docs/protocol.md): no lease, no session.
        (IChannelLease? lease, string? refused) = await _ownership.TryAcquireAsync(channelId, context.AwsRequestId, context.Logger).ConfigureAwait(false);
        if (lease is null)
        {
            return new SessionSummary(channelId.Value, refused!, RequestsServed: 0, Reconnects: 0);
        }

        await using IChannelLease held = lease;
        context.Logger.LogInformation(
            $"Serving channel {channelId} for {context.RemainingTime.TotalSeconds:0} s at most (idle {_options.IdleTime.TotalSeconds:0} s).");
        var session = new ChannelSession(
            channelId, ChannelTopics.For(_prefix, channelId), _options, _connector, _handler, _timeProvider, context.Logger);
        try
        {
            return await session.RunAsync(context.RemainingTime, held.Lost).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // A bug, not a normal end; still a response, so Lambda does not start the same session again.
            context.Logger.LogError($"Session on channel {channelId} failed: {ex}");
            return new SessionSummary(channelId.Value, SessionEndReason.Error.ToWireName(), RequestsServed: 0, Reconnects: 0);
        }
    }

    private static SessionSummary Rejected()
        => new(ChannelId: null, SessionEndReason.Rejected.ToWireName(), RequestsServed: 0, Reconnects: 0);
}
