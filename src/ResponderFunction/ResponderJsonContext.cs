using System.Text.Json.Serialization;
using ResponderFunction.Sessions;

namespace ResponderFunction;

/// <summary>Source-generated (trim/AOT-safe) JSON metadata: the session summary (the trigger arrives as raw bytes).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(SessionSummary))]
internal sealed partial class ResponderJsonContext : JsonSerializerContext;
