namespace Realtime.LocalCloud.Sam;

/// <summary>One HttpApi event: method (or ANY) and path (with {param} and {proxy+}) to a function.</summary>
/// <param name="Method">The HTTP method, or ANY.</param>
/// <param name="Path">The route path, or <c>$default</c>.</param>
/// <param name="FunctionName">The function it invokes.</param>
/// <param name="Authorizer">The route's <c>Auth.Authorizer</c>: <c>AWS_IAM</c> makes the gateway verify SigV4 and execute-api:Invoke; null for none.</param>
/// <param name="ApiId">The API's id (locally the logical id of its AWS::Serverless::HttpApi, SAM's implicit <c>ServerlessHttpApi</c> without ApiId).</param>
internal sealed record HttpRoute(string Method, string Path, string FunctionName, string? Authorizer = null, string ApiId = HttpRoute.ImplicitApiId)
{
    /// <summary>The logical id SAM gives the API it creates for HttpApi events without ApiId.</summary>
    public const string ImplicitApiId = "ServerlessHttpApi";

    /// <summary>The authorizer value that turns on IAM authorization.</summary>
    public const string IamAuthorizer = "AWS_IAM";

    public string RouteKey => $"{Method} {Path}";

    public bool UsesIam => Authorizer == IamAuthorizer;
}
