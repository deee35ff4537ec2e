using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Realtime.Client;

/// <summary>Builds request payloads: the app's JSON object with the client's <c>requestId</c> added (or replaced).</summary>
internal static class RequestPayload
{
    public const string RequestIdProperty = "requestId";

    /// <summary>A new request id: 16 random hex characters (unique per channel, never reused).</summary>
    public static string NewRequestId() => RandomNumberGenerator.GetHexString(16, lowercase: true);

    /// <summary>
    /// <paramref name="json"/> (a JSON object) with <c>"requestId"</c> set; throws <see cref="ArgumentException"/> for
    /// anything but a JSON object, before anything is sent.
    /// </summary>
    public static byte[] WithRequestId(string json, string requestId)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"A request must be a JSON object: {e.Message}", nameof(json), e);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new ArgumentException($"A request must be a JSON object, not {document.RootElement.ValueKind}.", nameof(json));
            }

            var buffer = new ArrayBufferWriter<byte>(json.Length + 64);
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartObject();
                foreach (JsonProperty property in document.RootElement.EnumerateObject())
                {
                    if (property.NameEquals(RequestIdProperty))
                    {
                        continue;
                    }

                    property.WriteTo(writer);
                }

                writer.WriteString(RequestIdProperty, requestId);
                writer.WriteEndObject();
            }

            return buffer.WrittenSpan.ToArray();
        }
    }

    /// <summary>The UTF-8 bytes of a JSON object for fire-and-forget sends (validated the same way, no requestId added).</summary>
    public static byte[] Validated(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using JsonDocument document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"A message must be JSON: {e.Message}", nameof(json), e);
        }

        return Encoding.UTF8.GetBytes(json);
    }
}
