using System.Text.Json;
using System.Text.Json.Serialization;
using ResponderFunction.Sessions;

namespace ResponderFunction;

/// <summary>Source-generated (trim/AOT-safe) JSON metadata: the raw trigger event in, the session summary out.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(SessionSummary))]
internal sealed partial class ResponderJsonContext : JsonSerializerContext;
