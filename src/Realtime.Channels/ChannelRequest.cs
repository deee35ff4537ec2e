using System.Text.Json;

namespace Realtime.Channels;

/// <summary>
/// What a responder needs to know about one payload from the request topic. Any payload is a request; a JSON object may carry
/// a string <c>requestId</c> (echoed in the reply), be <c>{"type":"bye",...}</c> (the client leaves: an explicit bye or its
/// will message) or <c>{"type":"hello"}</c> (the client reconnected and asks a live responder to say ready again). Parsing
/// never throws: a payload that is not a JSON object is a plain request.
/// </summary>
/// <param name="Kind">A request for the handler, the client's bye, or its hello.</param>
/// <param name="RequestId">The request's string <c>requestId</c> (at most <see cref="MaxRequestIdLength"/> characters), or null.</param>
/// <param name="ByeReason">The bye's <c>reason</c>, e.g. <c>disconnected</c> from a will, or null.</param>
public readonly record struct ChannelRequest(ChannelRequestKind Kind, string? RequestId, string? ByeReason)
{
    /// <summary>True for <c>{"type":"bye"}</c>: the client left.</summary>
    public bool IsBye => Kind == ChannelRequestKind.Bye;

    /// <summary>True for <c>{"type":"hello"}</c>: not a request for the handler; the responder answers with ready.</summary>
    public bool IsHello => Kind == ChannelRequestKind.Hello;

    /// <summary>Longer request ids are not echoed, so a hostile client cannot make the responder publish large replies.</summary>
    public const int MaxRequestIdLength = 128;

    private const int MaxReasonLength = 64;

    /// <summary>Classifies a request-topic payload. Only top-level properties are read; nested values are skipped.</summary>
    public static ChannelRequest Parse(ReadOnlySpan<byte> payload)
    {
        var reader = new Utf8JsonReader(payload, new JsonReaderOptions { MaxDepth = 64 });
        string? type = null;
        string? requestId = null;
        string? reason = null;
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return default;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("type"u8))
                {
                    type = ReadShortString(ref reader, MaxReasonLength);
                }
                else if (reader.ValueTextEquals("requestId"u8))
                {
                    requestId = ReadShortString(ref reader, MaxRequestIdLength);
                }
                else if (reader.ValueTextEquals("reason"u8))
                {
                    reason = ReadShortString(ref reader, MaxReasonLength);
                }
                else
                {
                    reader.Skip();
                }
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // Truncated or malformed after some fields (or a property name with an escape that is no text): still a
            // request, but trust nothing we read from it.
            return default;
        }

        return type switch
        {
            ChannelMessageTypes.Bye => new ChannelRequest(ChannelRequestKind.Bye, RequestId: null, ByeReason: reason),
            ChannelMessageTypes.Hello => new ChannelRequest(ChannelRequestKind.Hello, RequestId: null, ByeReason: null),
            _ => new ChannelRequest(ChannelRequestKind.Request, requestId, ByeReason: null),
        };
    }

    private static string? ReadShortString(ref Utf8JsonReader reader, int maxLength)
    {
        if (!reader.Read())
        {
            throw new JsonException("Truncated JSON.");
        }

        if (reader.TokenType != JsonTokenType.String)
        {
            reader.Skip();
            return null;
        }

        // ValueSpan is UTF-8 (escaped); a cheap upper bound check before decoding.
        int encodedLength = reader.HasValueSequence ? checked((int)reader.ValueSequence.Length) : reader.ValueSpan.Length;
        if (encodedLength > maxLength * 6)
        {
            return null;
        }

        string value;
        try
        {
            value = reader.GetString()!;
        }
        catch (InvalidOperationException)
        {
            // An escape that is not valid UTF-16 (an unpaired surrogate such as "\ud800") is no text: treat the value as absent.
            return null;
        }

        return value.Length <= maxLength ? value : null;
    }
}

/// <summary>What a request-topic payload is to a responder.</summary>
public enum ChannelRequestKind
{
    /// <summary>A request for the handler (any payload that is not a bye or a hello).</summary>
    Request,

    /// <summary><c>{"type":"bye"}</c>: the client left (an explicit bye or its will).</summary>
    Bye,

    /// <summary><c>{"type":"hello"}</c>: the client reconnected and asks a live responder to say ready again.</summary>
    Hello,
}
