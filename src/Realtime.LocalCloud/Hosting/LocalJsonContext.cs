using System.Text.Json.Serialization;

namespace Realtime.LocalCloud.Hosting;

/// <summary>Source-generated JSON for the few plain shapes the local cloud writes (trim/AOT safe).</summary>
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class LocalJsonContext : JsonSerializerContext;
