using System.Text.Json.Nodes;

namespace Realtime.LocalCloud.Sam;

/// <summary>Reads the HttpApi CorsConfiguration from an AWS::Serverless::HttpApi resource or Globals.HttpApi.</summary>
internal static class CorsReader
{
    public static CorsConfiguration? Read(JsonObject template, IReadOnlyDictionary<string, JsonObject> resources, IntrinsicResolver resolver)
    {
        JsonNode? node = resources.Values
                             .Where(r => r["Type"]?.ToString() == "AWS::Serverless::HttpApi")
                             .Select(r => r["Properties"]?["CorsConfiguration"])
                             .FirstOrDefault(c => c is not null)
                         ?? template["Globals"]?["HttpApi"]?["CorsConfiguration"];
        return resolver.Resolve(node) switch
        {
            null => null,
            JsonValue v when v.ToString() == "true" => new CorsConfiguration(["*"], ["*"], ["*"], [], null, false),
            JsonValue => null,
            JsonObject o => new CorsConfiguration(
                List(o["AllowOrigins"]), List(o["AllowMethods"]), List(o["AllowHeaders"]), List(o["ExposeHeaders"]),
                o["MaxAge"] is JsonValue m && int.TryParse(m.ToString(), out int age) ? age : null,
                o["AllowCredentials"]?.ToString() == "true"),
            var other => throw new TemplateException($"CorsConfiguration: unexpected {other.ToJsonString()}"),
        };
    }

    private static IReadOnlyList<string> List(JsonNode? node) => node switch
    {
        JsonArray a => a.Select(x => x?.ToString() ?? "").ToArray(),
        JsonValue v => [v.ToString()],
        _ => [],
    };
}
