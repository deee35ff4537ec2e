namespace Realtime.LocalCloud.Sam;

/// <summary>One HttpApi event: method (or ANY) and path (with {param} and {proxy+}) to a function.</summary>
internal sealed record HttpRoute(string Method, string Path, string FunctionName)
{
    public string RouteKey => $"{Method} {Path}";
}
