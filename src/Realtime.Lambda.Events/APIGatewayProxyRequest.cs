namespace Realtime.Lambda.Events;

/// <summary>A REST API proxy event, payload format 1.0; names as in Amazon.Lambda.APIGatewayEvents.</summary>
/// <remarks>HTTP APIs configured for payload 1.0 send this shape too (with <c>"version":"1.0"</c>). The authorizer block is not modelled.</remarks>
public sealed class APIGatewayProxyRequest
{
    /// <summary>The resource template, e.g. <c>/{proxy+}</c>.</summary>
    public string? Resource { get; set; }

    /// <summary>The request path.</summary>
    public string Path { get; set; } = "";

    /// <summary>The HTTP method, upper-case.</summary>
    public string HttpMethod { get; set; } = "";

    /// <summary>Request headers (last value of each), or null.</summary>
    public IDictionary<string, string>? Headers { get; set; }

    /// <summary>Request headers with every value, or null.</summary>
    public IDictionary<string, IList<string>>? MultiValueHeaders { get; set; }

    /// <summary>Query parameters (last value of each), or null.</summary>
    public IDictionary<string, string>? QueryStringParameters { get; set; }

    /// <summary>Query parameters with every value, or null.</summary>
    public IDictionary<string, IList<string>>? MultiValueQueryStringParameters { get; set; }

    /// <summary>Path parameters, or null.</summary>
    public IDictionary<string, string>? PathParameters { get; set; }

    /// <summary>Stage variables, or null.</summary>
    public IDictionary<string, string>? StageVariables { get; set; }

    /// <summary>Information about the request from API Gateway.</summary>
    public ProxyRequestContext RequestContext { get; set; } = new();

    /// <summary>The request body, or null.</summary>
    public string? Body { get; set; }

    /// <summary>True when <see cref="Body"/> is base64-encoded binary.</summary>
    public bool IsBase64Encoded { get; set; }

    /// <summary>The <c>requestContext</c> of a payload 1.0 event.</summary>
    public sealed class ProxyRequestContext
    {
        /// <summary>The AWS account id of the API owner.</summary>
        public string? AccountId { get; set; }

        /// <summary>The API's id.</summary>
        public string? ApiId { get; set; }

        /// <summary>The resource id.</summary>
        public string? ResourceId { get; set; }

        /// <summary>The resource template.</summary>
        public string? ResourcePath { get; set; }

        /// <summary>The HTTP method.</summary>
        public string? HttpMethod { get; set; }

        /// <summary>The full path including the stage.</summary>
        public string? Path { get; set; }

        /// <summary>The stage name.</summary>
        public string? Stage { get; set; }

        /// <summary>API Gateway's id for this request.</summary>
        public string? RequestId { get; set; }

        /// <summary>API Gateway's extended request id.</summary>
        public string? ExtendedRequestId { get; set; }

        /// <summary>The host name the client called.</summary>
        public string? DomainName { get; set; }

        /// <summary>The protocol, e.g. <c>HTTP/1.1</c>.</summary>
        public string? Protocol { get; set; }

        /// <summary>The request time as API Gateway formats it.</summary>
        public string? RequestTime { get; set; }

        /// <summary>The request time in Unix milliseconds.</summary>
        public long RequestTimeEpoch { get; set; }

        /// <summary>Who called.</summary>
        public RequestIdentity? Identity { get; set; }
    }

    /// <summary>The <c>requestContext.identity</c> block of a payload 1.0 event.</summary>
    public sealed class RequestIdentity
    {
        /// <summary>The client's IP address.</summary>
        public string? SourceIp { get; set; }

        /// <summary>The client's User-Agent header.</summary>
        public string? UserAgent { get; set; }

        /// <summary>The caller's AWS account id (IAM authorization only).</summary>
        public string? AccountId { get; set; }

        /// <summary>The caller's principal id (IAM authorization only).</summary>
        public string? Caller { get; set; }

        /// <summary>The caller's user id (IAM authorization only).</summary>
        public string? User { get; set; }

        /// <summary>The caller's ARN (IAM authorization only).</summary>
        public string? UserArn { get; set; }
    }
}
