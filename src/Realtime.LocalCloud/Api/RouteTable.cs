using Realtime.LocalCloud.Sam;

namespace Realtime.LocalCloud.Api;

/// <summary>
/// HTTP API route selection: the most specific route wins (more literal segments first, a method before ANY, a greedy
/// <c>{proxy+}</c> last), then <c>$default</c>; nothing matched means API Gateway's 404 <c>{"message":"Not Found"}</c>.
/// </summary>
internal sealed class RouteTable
{
    private readonly List<HttpRoute> _routes;

    public RouteTable(IEnumerable<HttpRoute> routes) =>
        _routes = routes.OrderByDescending(Specificity).ToList();

    public IReadOnlyList<HttpRoute> Routes => _routes;

    public bool HasRouteFor(string method) => _routes.Any(r => r.Method == method);

    public HttpRoute? Match(string method, string path, out Dictionary<string, string> pathParameters)
    {
        pathParameters = [];
        foreach (HttpRoute route in _routes)
        {
            if (route.Path == "$default" || (route.Method != "ANY" && route.Method != method))
            {
                continue;
            }

            if (TryMatch(route.Path, path, pathParameters))
            {
                return route;
            }

            pathParameters.Clear();
        }

        return _routes.FirstOrDefault(r => r.Path == "$default");
    }

    private static bool TryMatch(string template, string path, Dictionary<string, string> parameters)
    {
        string[] expected = template.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        string[] actual = path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        for (int i = 0; i < expected.Length; i++)
        {
            string segment = expected[i];
            if (segment.StartsWith('{') && segment.EndsWith("+}", StringComparison.Ordinal))
            {
                if (i >= actual.Length)
                {
                    return false;
                }

                parameters[segment[1..^2]] = string.Join('/', actual[i..]);
                return true;
            }

            if (i >= actual.Length)
            {
                return false;
            }

            if (segment.StartsWith('{') && segment.EndsWith('}'))
            {
                parameters[segment[1..^1]] = Uri.UnescapeDataString(actual[i]);
            }
            else if (segment != actual[i])
            {
                return false;
            }
        }

        return expected.Length == actual.Length;
    }

    private static int Specificity(HttpRoute route)
    {
        if (route.Path == "$default")
        {
            return int.MinValue;
        }

        string[] segments = route.Path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        int literal = segments.Count(s => !s.StartsWith('{'));
        bool greedy = segments.Any(s => s.EndsWith("+}", StringComparison.Ordinal));
        return (literal * 100) + (segments.Length * 10) - (greedy ? 50 : 0) + (route.Method == "ANY" ? 0 : 1);
    }
}
