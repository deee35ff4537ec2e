using System.Text.Json;

namespace Realtime.Channels;

/// <summary>
/// Validates the untrusted event the IoT rule sends to the responder: the client's trigger plus, when the rule uses
/// <c>SELECT *, clientid() AS clientId</c>, the publishing client's id. Never throws for bad input (any bytes).
/// </summary>
public static class TriggerParser
{
    /// <summary>What the IoT rule's <c>clientid()</c> returns for a message published over HTTPS.</summary>
    public const string DataPlaneClientId = "n/a";

    /// <summary>A trigger is a few dozen bytes; anything over this is refused before parsing.</summary>
    public const int MaxPayloadBytes = 4096;

    /// <summary>Parses and validates a trigger payload (UTF-8 JSON).</summary>
    public static TriggerParseResult Parse(ReadOnlySpan<byte> utf8Json)
    {
        if (utf8Json.Length > MaxPayloadBytes)
        {
            return TriggerParseResult.Rejected(
                TriggerRejection.Oversized, $"Trigger refused: {utf8Json.Length} bytes is over the {MaxPayloadBytes}-byte limit.");
        }

        try
        {
            return ParseObject(utf8Json);
        }
        catch (JsonException)
        {
            return TriggerParseResult.Rejected(TriggerRejection.MalformedJson, "Trigger refused: the payload is not valid JSON.");
        }
        catch (InvalidOperationException)
        {
            // Utf8JsonReader.GetString throws this (not JsonException) for a string escape that is not valid UTF-16, such as
            // an unpaired surrogate "\ud800": well-formed JSON syntax, but no text, so still malformed for us.
            return TriggerParseResult.Rejected(
                TriggerRejection.MalformedJson, "Trigger refused: a string in the payload is not valid text (e.g. an unpaired surrogate escape).");
        }
    }

    private static TriggerParseResult ParseObject(ReadOnlySpan<byte> utf8Json)
    {
        var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { MaxDepth = 16 });
        if (!reader.Read())
        {
            throw new JsonException("Empty payload.");
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            JsonTokenType token = reader.TokenType;
            reader.Skip();
            EnsureEnd(ref reader);
            return TriggerParseResult.Rejected(
                TriggerRejection.NotAnObject, $"Trigger refused: expected a JSON object, got {Describe(token)}.");
        }

        PropertyValue channelId = default;
        PropertyValue clientId = default;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("channelId"u8))
            {
                if (channelId.Seen)
                {
                    return Duplicate("channelId");
                }

                channelId = ReadValue(ref reader);
            }
            else if (reader.ValueTextEquals("clientId"u8))
            {
                if (clientId.Seen)
                {
                    return Duplicate("clientId");
                }

                clientId = ReadValue(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        EnsureEnd(ref reader);
        return Validate(channelId, clientId);
    }

    private static TriggerParseResult Validate(PropertyValue channelId, PropertyValue clientId)
    {
        if (!channelId.Seen)
        {
            return TriggerParseResult.Rejected(TriggerRejection.MissingChannelId, "Trigger refused: no \"channelId\" property.");
        }

        if (channelId.Text is null)
        {
            return TriggerParseResult.Rejected(
                TriggerRejection.ChannelIdNotString, $"Trigger refused: \"channelId\" is {Describe(channelId.Token)}, not a string.");
        }

        if (!ChannelId.TryParse(channelId.Text, out ChannelId? id))
        {
            return TriggerParseResult.Rejected(
                TriggerRejection.InvalidChannelId,
                $"Trigger refused: channel id '{Printable(channelId.Text)}' ({channelId.Text.Length} chars) is not 1 to " +
                $"{ChannelId.MaxLength} characters of A-Z, a-z, 0-9, '_' or '-'.");
        }

        if (clientId.Seen && clientId.Text is null)
        {
            return TriggerParseResult.Rejected(
                TriggerRejection.ClientIdNotString, $"Trigger refused: \"clientId\" is {Describe(clientId.Token)}, not a string.");
        }

        // The session function issues client-<channelId>; the IoT rule reports who really published. A mismatch means
        // someone is trying to start a responder on another client's channel.
        string expected = ClientIds.ForClient(id);
        if (clientId.Text is not null && !string.Equals(clientId.Text, expected, StringComparison.Ordinal)
            && !IsDataPlaneTriggerForHandMadeChannel(clientId.Text, id))
        {
            return TriggerParseResult.Rejected(
                TriggerRejection.ClientIdMismatch,
                $"Trigger refused: published by client '{Printable(clientId.Text)}', but channel {id.Value} belongs to '{expected}'.");
        }

        return TriggerParseResult.Accepted(new ChannelTrigger(id, clientId.Text));
    }

    /// <summary>
    /// A publish over the HTTPS data plane (<c>aws iot-data publish</c>) has no MQTT client, so the rule's <c>clientid()</c>
    /// is <c>n/a</c>. It is accepted only for hand-made ids such as <c>1</c>: an issued id (20 lowercase hex) always needs
    /// its own client, otherwise any holder of a session's credentials could start responders on other people's channels.
    /// </summary>
    private static bool IsDataPlaneTriggerForHandMadeChannel(string clientId, ChannelId id)
        => clientId == DataPlaneClientId && !ChannelId.LooksIssued(id.Value);

    private static PropertyValue ReadValue(ref Utf8JsonReader reader)
    {
        reader.Read();
        JsonTokenType token = reader.TokenType;
        string? text = token == JsonTokenType.String ? reader.GetString() : null;
        reader.Skip();
        return new PropertyValue(Seen: true, token, text);
    }

    private static void EnsureEnd(ref Utf8JsonReader reader)
    {
        // Anything after the top-level value (a second value, garbage) is malformed; Read throws on garbage itself.
        if (reader.Read())
        {
            throw new JsonException("Trailing data after the JSON value.");
        }
    }

    private static TriggerParseResult Duplicate(string name)
        => TriggerParseResult.Rejected(TriggerRejection.DuplicateProperty, $"Trigger refused: \"{name}\" appears more than once.");

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => "not a value",
    };

    // Untrusted text in a log line: shortened, control characters escaped, so it cannot forge log lines.
    private static string Printable(string value)
    {
        string excerpt = ChannelNames.Excerpt(value);
        return excerpt.Any(char.IsControl)
            ? string.Concat(excerpt.Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString()))
            : excerpt;
    }

    private readonly record struct PropertyValue(bool Seen, JsonTokenType Token, string? Text);
}
