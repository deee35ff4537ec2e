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
public sealed partial class ChannelJsonContext : JsonSerializerContext;
