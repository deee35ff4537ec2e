using System.Text.Json;
using Realtime.Lambda.Events;

namespace Realtime.Lambda.Events.Tests;

public sealed class ApiGatewayEventTests
{
    private static string Sample(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", name));

    [Fact]
    public void HttpApiV2Event_ParsesEveryModelledField()
    {
        var request = JsonSerializer.Deserialize(Sample("http-api-v2-get.json"), ApiGatewayJsonContext.Default.APIGatewayHttpApiV2ProxyRequest)!;

        Assert.Equal("2.0", request.Version);
        Assert.Equal("GET /", request.RouteKey);
        Assert.Equal("/", request.RawPath);
        Assert.Equal("lang=en&lang=fr&debug", request.RawQueryString);
        Assert.Equal(["theme=dark", "session=abc"], request.Cookies!);
        Assert.Equal("https://example.com", request.Headers!["origin"]);
        Assert.Equal("en,fr", request.QueryStringParameters!["lang"]);
        Assert.Equal("GET", request.RequestContext.Http.Method);
        Assert.Equal("205.255.255.176", request.RequestContext.Http.SourceIp);
        Assert.StartsWith("Mozilla/5.0", request.RequestContext.Http.UserAgent);
        Assert.Equal("JKJaXmPLvHcESHA=", request.RequestContext.RequestId);
        Assert.Equal("$default", request.RequestContext.Stage);
        Assert.Equal(1773119783000, request.RequestContext.TimeEpoch);
        Assert.Null(request.Body);
        Assert.False(request.IsBase64Encoded);
    }

    [Fact]
    public void RestV1Event_ParsesEveryModelledField()
    {
        var request = JsonSerializer.Deserialize(Sample("rest-api-v1-post.json"), ApiGatewayJsonContext.Default.APIGatewayProxyRequest)!;

        Assert.Equal("POST", request.HttpMethod);
        Assert.Equal("/session", request.Path);
        Assert.Equal("/{proxy+}", request.Resource);
        Assert.Equal("curl/8.5.0", request.Headers!["User-Agent"]);
        Assert.Equal(["application/json"], request.MultiValueHeaders!["Accept"]);
        Assert.Equal("true", request.QueryStringParameters!["verbose"]);
        Assert.Equal("session", request.PathParameters!["proxy"]);
        Assert.Null(request.StageVariables);
        Assert.Equal("Prod", request.RequestContext.Stage);
        Assert.Equal("52.255.255.12", request.RequestContext.Identity!.SourceIp);
        Assert.Null(request.RequestContext.Identity.UserArn);
        Assert.Equal(1773101039000, request.RequestContext.RequestTimeEpoch);
        Assert.Equal("{\"channelId\":\"0123456789abcdef0123\"}", request.Body);
    }

    [Fact]
    public void ApiGatewayRequest_FromPayload20_IsNormalized()
    {
        var request = JsonSerializer.Deserialize(Sample("http-api-v2-get.json"), ApiGatewayJsonContext.Default.ApiGatewayRequest)!;

        Assert.Equal("2.0", request.PayloadVersion);
        Assert.Equal("GET", request.Method);
        Assert.Equal("/", request.Path);
        Assert.Equal("https://example.com", request.Headers["Origin"]);
        Assert.Equal("205.255.255.176", request.SourceIp);
        Assert.Equal("JKJaXmPLvHcESHA=", request.RequestId);
        Assert.NotNull(request.HttpApiV2);
        Assert.Null(request.Rest);
    }

    [Fact]
    public void ApiGatewayRequest_FromPayload10_IsNormalized()
    {
        var request = JsonSerializer.Deserialize(Sample("rest-api-v1-post.json"), ApiGatewayJsonContext.Default.ApiGatewayRequest)!;

        Assert.Equal("1.0", request.PayloadVersion);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/session", request.Path);
        Assert.Equal("application/json", request.Headers["content-type"]);
        Assert.Equal("true", request.QueryStringParameters["verbose"]);
        Assert.Equal("52.255.255.12", request.SourceIp);
        Assert.Equal("{\"channelId\":\"0123456789abcdef0123\"}", request.Body);
        Assert.NotNull(request.Rest);
        Assert.Null(request.HttpApiV2);
    }

    [Fact]
    public void ApiGatewayRequest_HttpApiWithPayload10_IsReadAsPayload10()
    {
        const string json = """{"version":"1.0","httpMethod":"get","path":"/x","headers":null,"requestContext":{}}""";

        var request = JsonSerializer.Deserialize(json, ApiGatewayJsonContext.Default.ApiGatewayRequest)!;

        Assert.Equal(("1.0", "GET", "/x"), (request.PayloadVersion, request.Method, request.Path));
        Assert.Empty(request.Headers);
    }

    [Theory]
    [InlineData("""{"channelId":"abc"}""")]
    [InlineData("""{"version":"3.0"}""")]
    [InlineData("""[1,2]""")]
    public void ApiGatewayRequest_NotAnApiGatewayEvent_ThrowsJsonException(string json)
    {
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize(json, ApiGatewayJsonContext.Default.ApiGatewayRequest));
    }

    [Fact]
    public void NullWhereAwsAlwaysSendsAValue_ThrowsJsonException()
    {
        const string json = """{"version":"2.0","rawPath":null,"requestContext":{"http":{"method":"GET","path":"/"}}}""";

        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize(json, ApiGatewayJsonContext.Default.APIGatewayHttpApiV2ProxyRequest));
    }

    [Fact]
    public void ApiGatewayRequest_Serialize_WritesTheOriginalEvent()
    {
        var request = ApiGatewayRequest.From(new APIGatewayProxyRequest { HttpMethod = "GET", Path = "/p" });

        string json = JsonSerializer.Serialize(request, ApiGatewayJsonContext.Default.ApiGatewayRequest);

        Assert.Contains("\"httpMethod\":\"GET\"", json);
    }

    [Fact]
    public void HttpApiResponse_SerializesWithAwsNames_AndOmitsNulls()
    {
        var response = new APIGatewayHttpApiV2ProxyResponse
        {
            StatusCode = 200,
            Headers = new Dictionary<string, string> { ["Cache-Control"] = "no-store" },
            Body = "{}",
        };

        string json = JsonSerializer.Serialize(response, ApiGatewayJsonContext.Default.APIGatewayHttpApiV2ProxyResponse);

        Assert.Equal("{\"statusCode\":200,\"headers\":{\"Cache-Control\":\"no-store\"},\"body\":\"{}\",\"isBase64Encoded\":false}", json);
    }

    [Fact]
    public void RestResponse_SerializesWithAwsNames()
    {
        string json = JsonSerializer.Serialize(
            new APIGatewayProxyResponse { StatusCode = 404, Body = "x" }, ApiGatewayJsonContext.Default.APIGatewayProxyResponse);

        Assert.Equal("{\"statusCode\":404,\"body\":\"x\",\"isBase64Encoded\":false}", json);
    }
}
