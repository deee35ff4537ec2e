namespace Realtime.Lambda.Events;

/// <summary>An HTTP API event, payload format 2.0 (the SAM <c>HttpApi</c> default); names as in Amazon.Lambda.APIGatewayEvents.</summary>
/// <remarks>Header names arrive lower-case; repeated headers arrive comma-joined. The authorizer block is not modelled.</remarks>
public sealed class APIGatewayHttpApiV2ProxyRequest
{
    /// <summary>The payload format version, <c>"2.0"</c>.</summary>
    public string Version { get; set; } = "2.0";

    /// <summary>The matched route, e.g. <c>"GET /"</c> or <c>"$default"</c>.</summary>
    public string RouteKey { get; set; } = "";

    /// <summary>The request path, without the query string.</summary>
    public string RawPath { get; set; } = "";

    /// <summary>The query string without the leading <c>?</c> (empty when none).</summary>
    public string RawQueryString { get; set; } = "";

    /// <summary>The request's cookies, one <c>name=value</c> each, or null.</summary>
    public string[]? Cookies { get; set; }

    /// <summary>Request headers (lower-case names), or null.</summary>
    public IDictionary<string, string>? Headers { get; set; }

    /// <summary>Decoded query parameters (repeated ones comma-joined), or null.</summary>
    public IDictionary<string, string>? QueryStringParameters { get; set; }

    /// <summary>Path parameters of the matched route, or null.</summary>
    public IDictionary<string, string>? PathParameters { get; set; }

    /// <summary>Stage variables, or null.</summary>
    public IDictionary<string, string>? StageVariables { get; set; }

    /// <summary>Information about the request from API Gateway.</summary>
    public ProxyRequestContext RequestContext { get; set; } = new();

    /// <summary>The request body, or null.</summary>
    public string? Body { get; set; }

    /// <summary>True when <see cref="Body"/> is base64-encoded binary.</summary>
    public bool IsBase64Encoded { get; set; }

    /// <summary>The <c>requestContext.authorizer</c> of a payload 2.0 event.</summary>
    public sealed class AuthorizerDescription
    {
        /// <summary>Set by API Gateway on AWS_IAM routes, after it verified the request's signature.</summary>
        [System.Text.Json.Serialization.JsonPropertyName("iam")]
        public IamDescription? IAM { get; set; }
    }

    /// <summary>The IAM caller of a request to an AWS_IAM route.</summary>
    public sealed class IamDescription
    {
        /// <summary>The caller's ARN, e.g. an assumed-role session ARN.</summary>
        public string? UserArn { get; set; }
    }

    /// <summary>The <c>requestContext</c> of a payload 2.0 event.</summary>
    public sealed class ProxyRequestContext
    {
        /// <summary>The AWS account id of the API owner.</summary>
        public string? AccountId { get; set; }

        /// <summary>The API's id.</summary>
        public string? ApiId { get; set; }

        /// <summary>What the route's authorizer established about the caller (only the IAM authorizer is modelled), or null.</summary>
        public AuthorizerDescription? Authorizer { get; set; }

        /// <summary>The host name the client called.</summary>
        public string? DomainName { get; set; }

        /// <summary>The first label of <see cref="DomainName"/>.</summary>
        public string? DomainPrefix { get; set; }

        /// <summary>The HTTP details of the request.</summary>
        public HttpDescription Http { get; set; } = new();

        /// <summary>API Gateway's id for this request.</summary>
        public string? RequestId { get; set; }

        /// <summary>The matched route, as in <see cref="APIGatewayHttpApiV2ProxyRequest.RouteKey"/>.</summary>
        public string? RouteKey { get; set; }

        /// <summary>The stage, e.g. <c>$default</c>.</summary>
        public string? Stage { get; set; }

        /// <summary>The request time as API Gateway formats it (<c>12/Mar/2020:19:03:58 +0000</c>).</summary>
        public string? Time { get; set; }

        /// <summary>The request time in Unix milliseconds.</summary>
        public long TimeEpoch { get; set; }
    }

    /// <summary>The <c>requestContext.http</c> block of a payload 2.0 event.</summary>
    public sealed class HttpDescription
    {
        /// <summary>The HTTP method, upper-case.</summary>
        public string Method { get; set; } = "";

        /// <summary>The request path.</summary>
        public string Path { get; set; } = "";

        /// <summary>The protocol, e.g. <c>HTTP/1.1</c>.</summary>
        public string? Protocol { get; set; }

        /// <summary>The client's IP address.</summary>
        public string? SourceIp { get; set; }

        /// <summary>The client's User-Agent header.</summary>
        public string? UserAgent { get; set; }
    }
}
