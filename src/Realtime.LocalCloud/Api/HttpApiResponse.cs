using System.Text;
using System.Text.Json;

namespace Realtime.LocalCloud.Api;

/// <summary>
/// A function's answer interpreted as HTTP API payload format 2.0 does: an object with <c>statusCode</c> is a full
/// response (headers, cookies, body, isBase64Encoded); any other valid JSON becomes a 200 <c>application/json</c> body.
/// </summary>
internal sealed record HttpApiResponse(int StatusCode, IReadOnlyList<KeyValuePair<string, string>> Headers, IReadOnlyList<string> Cookies, byte[] Body)
{
    public static HttpApiResponse Message(int status, string message) =>
        new(status, [new("Content-Type", "application/json")], [], Encoding.UTF8.GetBytes($"{{\"message\":\"{message}\"}}"));

    public static HttpApiResponse Parse(byte[] payload)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(payload);
        }
        catch (JsonException)
        {
            return Message(502, "Internal Server Error");
        }

        using (document)
        {
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("statusCode", out JsonElement status))
            {
                return new HttpApiResponse(200, [new("Content-Type", "application/json")], [], payload);
            }

            var headers = new List<KeyValuePair<string, string>>();
            if (root.TryGetProperty("headers", out JsonElement h) && h.ValueKind == JsonValueKind.Object)
            {
                headers.AddRange(h.EnumerateObject().Select(p => new KeyValuePair<string, string>(p.Name, Text(p.Value))));
            }

            var cookies = new List<string>();
            if (root.TryGetProperty("cookies", out JsonElement c) && c.ValueKind == JsonValueKind.Array)
            {
                cookies.AddRange(c.EnumerateArray().Select(Text));
            }

            byte[] body = [];
            if (root.TryGetProperty("body", out JsonElement b) && b.ValueKind == JsonValueKind.String)
            {
                bool base64 = root.TryGetProperty("isBase64Encoded", out JsonElement e) && e.ValueKind == JsonValueKind.True;
                body = base64 ? Convert.FromBase64String(b.GetString()!) : Encoding.UTF8.GetBytes(b.GetString()!);
            }

            int code = status.ValueKind == JsonValueKind.Number && status.TryGetInt32(out int n) && n is >= 100 and <= 599 ? n : 502;
            return code == 502 && status.ValueKind != JsonValueKind.Number
                ? Message(502, "Internal Server Error")
                : new HttpApiResponse(code, headers, cookies, body);
        }
    }

    private static string Text(JsonElement value) => value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
}
