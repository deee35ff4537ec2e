using System.Text.Json;
using System.Text.Json.Serialization;
using SessionFunction.Http;

namespace SessionFunction;

/// <summary>Source-generated (trim/AOT-safe) JSON metadata for the function's own types.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(ErrorBody))]
internal sealed partial class SessionJsonContext : JsonSerializerContext;
