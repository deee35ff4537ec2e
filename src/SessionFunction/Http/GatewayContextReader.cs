using System.Text.Json;

namespace SessionFunction.Http;

/// <summary>
/// Reads the parts of an HTTP API payload 2.0 <c>requestContext</c> the event types do not model: the API id and the
/// IAM authorizer's caller. Never throws: a missing or oddly typed field is null.
/// </summary>
internal static class GatewayContextReader
{
    /// <summary><c>requestContext.apiId</c>, or null.</summary>
    public static string? ApiId(JsonElement request) => Text(request, "requestContext", "apiId");

    /// <summary><c>requestContext.authorizer.iam.userArn</c>: set by API Gateway only on AWS_IAM routes, after it verified the signature.</summary>
    public static string? IamUserArn(JsonElement request) => Text(request, "requestContext", "authorizer", "iam", "userArn");

    private static string? Text(JsonElement element, params string[] path)
    {
        foreach (string name in path)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out element))
            {
                return null;
            }
        }

        return element.ValueKind == JsonValueKind.String ? element.GetString() : null;
    }
}
