using System.Text.Json;
using System.Text.Json.Serialization;

namespace Realtime.Lambda.Events;

/// <summary>Reads either payload format into <see cref="ApiGatewayRequest"/>; writes back the original event.</summary>
internal sealed class ApiGatewayRequestJsonConverter : JsonConverter<ApiGatewayRequest>
{
    public override ApiGatewayRequest Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using JsonDocument document = JsonDocument.ParseValue(ref reader);
        JsonElement root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException($"An API Gateway event is a JSON object, not {root.ValueKind}.");
        }

        // Payload 2.0 always says so; payload 1.0 (REST, or HTTP API set to 1.0 with "version":"1.0") has httpMethod.
        if (root.TryGetProperty("version", out JsonElement version) && version.ValueKind == JsonValueKind.String
            && version.ValueEquals("2.0"))
        {
            return ApiGatewayRequest.From(
                root.Deserialize(ApiGatewayJsonContext.Default.APIGatewayHttpApiV2ProxyRequest)
                ?? throw new JsonException("The payload 2.0 event is null."));
        }

        if (root.TryGetProperty("httpMethod", out _))
        {
            return ApiGatewayRequest.From(
                root.Deserialize(ApiGatewayJsonContext.Default.APIGatewayProxyRequest)
                ?? throw new JsonException("The payload 1.0 event is null."));
        }

        throw new JsonException(
            "Not an API Gateway proxy event: expected \"version\":\"2.0\" (HTTP API payload 2.0) or \"httpMethod\" (payload 1.0).");
    }

    public override void Write(Utf8JsonWriter writer, ApiGatewayRequest value, JsonSerializerOptions options)
    {
        if (value.HttpApiV2 is { } v2)
        {
            JsonSerializer.Serialize(writer, v2, ApiGatewayJsonContext.Default.APIGatewayHttpApiV2ProxyRequest);
        }
        else
        {
            JsonSerializer.Serialize(writer, value.Rest!, ApiGatewayJsonContext.Default.APIGatewayProxyRequest);
        }
    }
}
