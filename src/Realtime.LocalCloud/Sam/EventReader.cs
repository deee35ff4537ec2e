using System.Text.Json.Nodes;

namespace Realtime.LocalCloud.Sam;

/// <summary>Reads a function's Events: HttpApi routes and IoTRule rules; other event types are reported as not emulated.</summary>
internal static class EventReader
{
    public static void Read(
        string functionId, JsonObject? events, string functionName, IntrinsicResolver resolver,
        List<HttpRoute> routes, List<IotRuleDefinition> rules, List<string> warnings)
    {
        foreach (var (eventId, node) in events ?? [])
        {
            JsonObject e = resolver.Resolve(node) as JsonObject ?? [];
            JsonObject props = e["Properties"] as JsonObject ?? [];
            switch (e["Type"]?.ToString())
            {
                case "HttpApi":
                    string method = props["Method"]?.ToString().ToUpperInvariant() ?? "ANY";
                    string path = props["Path"]?.ToString() ?? "$default";
                    string? authorizer = props["Auth"]?["Authorizer"]?.ToString();
                    if (authorizer is not null && authorizer != HttpRoute.IamAuthorizer && authorizer != "NONE")
                    {
                        warnings.Add($"{functionId}.Events.{eventId}: authorizer '{authorizer}' is not emulated locally; the route is refused (403)");
                    }

                    routes.Add(new HttpRoute(method == "*" ? "ANY" : method, path, functionName,
                        authorizer == "NONE" ? null : authorizer, props["ApiId"]?.ToString() ?? HttpRoute.ImplicitApiId));
                    break;
                case "IoTRule":
                    string sql = props["Sql"]?.ToString()
                                 ?? throw new TemplateException($"{functionId}.Events.{eventId}: an IoTRule needs Sql");
                    rules.Add(new IotRuleDefinition($"{functionId}{eventId}", sql, props["AwsIotSqlVersion"]?.ToString(), functionName));
                    break;
                default:
                    warnings.Add($"{functionId}.Events.{eventId}: event type '{e["Type"]}' is not emulated locally");
                    break;
            }
        }
    }
}
