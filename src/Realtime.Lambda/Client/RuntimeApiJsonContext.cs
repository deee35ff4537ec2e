using System.Text.Json.Serialization;

namespace Realtime.Lambda;

/// <summary>Source-generated (AOT-safe) JSON for the runtime's own Runtime API bodies.</summary>
[JsonSerializable(typeof(LambdaErrorBody))]
internal sealed partial class RuntimeApiJsonContext : JsonSerializerContext;
