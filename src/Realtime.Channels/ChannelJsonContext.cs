using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Realtime.Channels;

/// <summary>Source-generated (trim/AOT-safe) JSON metadata for every channel message; camelCase, nulls omitted.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(TriggerMessage))]
[JsonSerializable(typeof(ReadyMessage))]
[JsonSerializable(typeof(PongMessage))]
[JsonSerializable(typeof(ByeMessage))]
[JsonSerializable(typeof(ChannelMessage))]
[JsonSerializable(typeof(SessionResponse))]
public sealed partial class ChannelJsonContext : JsonSerializerContext
{
    /// <summary>
    /// The same metadata, writing <c>&amp;</c>, <c>+</c> and similar characters as they are instead of <c>\u0026</c>, so a
    /// presigned URL in an HTTP answer can be copied from curl's output. Only for bodies served as
    /// <c>application/json</c>, never for JSON embedded in HTML.
    /// </summary>
    public static ChannelJsonContext Readable => _readable ??= CreateReadable();

    private static ChannelJsonContext? _readable;

    private static ChannelJsonContext CreateReadable()
    {
        JsonSerializerOptions options = new(Default.Options) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        return new ChannelJsonContext(options);
    }
}
