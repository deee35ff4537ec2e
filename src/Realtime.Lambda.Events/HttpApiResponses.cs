using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Realtime.Lambda.Events;

/// <summary>Small builders for JSON responses; the result serializes to a shape both payload formats accept.</summary>
public static class HttpApiResponses
{
    /// <summary>A response with a JSON body; <c>Content-Type: application/json</c> is added unless <paramref name="headers"/> sets one.</summary>
    public static APIGatewayHttpApiV2ProxyResponse Json(
        int statusCode, string jsonBody, IReadOnlyDictionary<string, string>? headers = null)
    {
        var all = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (headers is not null)
        {
            foreach (KeyValuePair<string, string> header in headers)
            {
                all[header.Key] = header.Value;
            }
        }

        all.TryAdd("Content-Type", "application/json");
        return new APIGatewayHttpApiV2ProxyResponse { StatusCode = statusCode, Headers = all, Body = jsonBody };
    }

    /// <summary>An error response with body <c>{"message":"..."}</c>.</summary>
    public static APIGatewayHttpApiV2ProxyResponse Error(
        int statusCode, string message, IReadOnlyDictionary<string, string>? headers = null)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("message", message);
            writer.WriteEndObject();
        }

        return Json(statusCode, Encoding.UTF8.GetString(buffer.WrittenSpan), headers);
    }
}
