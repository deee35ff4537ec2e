using System.Text.Json.Serialization;

/// <summary>Source-generated JSON for the sample (AOT-safe string escaping).</summary>
[JsonSerializable(typeof(string))]
internal sealed partial class SampleJson : JsonSerializerContext;
