using Microsoft.AspNetCore.Http;

namespace Realtime.LocalCloud.Demo;

/// <summary>
/// Serves the demo page: a fixed list of files from the web folder (MQTT.js comes from npm's dist bundle, copied at build,
/// never from a CDN), the JS client's modules under <c>/realtime/</c> (clients/js/src) and <c>/config.json</c> with the
/// session API's URL.
/// </summary>
internal sealed class DemoSite
{
    private static readonly Dictionary<string, (string File, string ContentType)> s_files = new(StringComparer.Ordinal)
    {
        ["/"] = ("index.html", "text/html; charset=utf-8"),
        ["/index.html"] = ("index.html", "text/html; charset=utf-8"),
        ["/app.js"] = ("app.js", "text/javascript; charset=utf-8"),
        ["/style.css"] = ("style.css", "text/css; charset=utf-8"),
        ["/vendor/mqtt.min.js"] = (Path.Combine("vendor", "mqtt.min.js"), "text/javascript; charset=utf-8"),
    };

    private readonly string _root;
    private readonly string _config;
    private readonly string _mqttJs;
    private readonly string _client;

    /// <summary>Serves <paramref name="root"/>: the build output's web folder (vendor/mqtt.min.js copied) or the source
    /// folder src/Realtime.LocalCloud/web (node_modules/mqtt/dist/mqtt.min.js after npm ci).</summary>
    public DemoSite(string root, Uri apiUrl)
    {
        _root = root;
        _mqttJs = new[] { Path.Combine(root, "vendor", "mqtt.min.js"), Path.Combine(root, "node_modules", "mqtt", "dist", "mqtt.min.js") }
                      .FirstOrDefault(File.Exists)
                  ?? throw new InvalidOperationException(
                      $"MQTT.js is missing under {root}; run 'npm ci' in src/Realtime.LocalCloud/web and rebuild (./build.sh run does both)");
        // The JS client: copied next to the page at build (web/realtime), or the repository's clients/js/src.
        _client = new[] { Path.Combine(root, "realtime"), Path.Combine(root, "..", "..", "..", "clients", "js", "src") }
                      .FirstOrDefault(d => File.Exists(Path.Combine(d, "index.js")))
                  ?? throw new InvalidOperationException($"the JS client (clients/js/src) is missing next to {root}; rebuild the local cloud");
        string missing = s_files.Values.Where(f => !f.File.StartsWith("vendor", StringComparison.Ordinal))
            .Select(f => Path.Combine(root, f.File)).FirstOrDefault(f => !File.Exists(f)) ?? "";
        if (missing.Length > 0)
        {
            throw new InvalidOperationException($"the demo page file {missing} is missing; rebuild the local cloud");
        }

        _config = $"{{\"apiUrl\":\"{apiUrl}\"}}";
    }

    public async Task HandleAsync(HttpContext context)
    {
        string path = context.Request.Path.Value ?? "/";
        context.Response.Headers.CacheControl = "no-store";
        if (path == "/config.json")
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(_config, context.RequestAborted).ConfigureAwait(false);
            return;
        }

        if (HttpMethods.IsGet(context.Request.Method) && ClientModule(path) is { } module)
        {
            context.Response.ContentType = "text/javascript; charset=utf-8";
            await context.Response.SendFileAsync(module, context.RequestAborted).ConfigureAwait(false);
            return;
        }

        if (!HttpMethods.IsGet(context.Request.Method) || !s_files.TryGetValue(path, out var file))
        {
            context.Response.StatusCode = 404;
            await context.Response.WriteAsync("Not Found", context.RequestAborted).ConfigureAwait(false);
            return;
        }

        context.Response.ContentType = file.ContentType;
        string filePath = file.File.StartsWith("vendor", StringComparison.Ordinal) ? _mqttJs : Path.Combine(_root, file.File);
        await context.Response.SendFileAsync(filePath, context.RequestAborted).ConfigureAwait(false);
    }

    // /realtime/<name>.js with a plain lowercase name (no dots or slashes: nothing outside the client's folder).
    private string? ClientModule(string path)
    {
        const string Prefix = "/realtime/";
        if (!path.StartsWith(Prefix, StringComparison.Ordinal) || !path.EndsWith(".js", StringComparison.Ordinal))
        {
            return null;
        }

        string name = path[Prefix.Length..^3];
        string file = Path.Combine(_client, name + ".js");
        return name.Length > 0 && name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-') && File.Exists(file) ? file : null;
    }
}
