using System.Text.Json.Serialization;

namespace Realtime.Lambda.Events;

/// <summary>Source-generated (AOT-safe) JSON for the API Gateway events, with the camelCase names AWS sends.</summary>
/// <remarks>Nullable annotations are enforced: a JSON null where AWS always sends a value fails deserialization with a clear message.</remarks>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    RespectNullableAnnotations = true)]
[JsonSerializable(typeof(APIGatewayHttpApiV2ProxyRequest))]
[JsonSerializable(typeof(APIGatewayHttpApiV2ProxyRequest.ProxyRequestContext), TypeInfoPropertyName = "HttpApiV2ProxyRequestContext")]
[JsonSerializable(typeof(APIGatewayHttpApiV2ProxyResponse))]
[JsonSerializable(typeof(APIGatewayProxyRequest))]
[JsonSerializable(typeof(APIGatewayProxyRequest.ProxyRequestContext), TypeInfoPropertyName = "RestProxyRequestContext")]
[JsonSerializable(typeof(APIGatewayProxyResponse))]
[JsonSerializable(typeof(ApiGatewayRequest))]
public sealed partial class ApiGatewayJsonContext : JsonSerializerContext;
