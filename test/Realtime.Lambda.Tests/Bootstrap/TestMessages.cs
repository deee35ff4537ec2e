using System.Text.Json.Serialization;

namespace Realtime.Lambda.Tests.Bootstrap;

public sealed record TestRequest(string Message);

public sealed record TestResponse(string Echo, string RequestId, string FunctionName, string FunctionArn, string? TraceId, string? TraceEnvironment, double RemainingMs);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(TestRequest))]
[JsonSerializable(typeof(TestResponse))]
internal sealed partial class TestJsonContext : JsonSerializerContext;
