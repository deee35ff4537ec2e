using System.Text;
using Realtime.LocalCloud.Api;
using Realtime.LocalCloud.Sam;

namespace Realtime.LocalCloud.Tests.Unit;

public sealed class HttpApiTests
{
    [Fact]
    public void RouteTable_PrefersTheMostSpecificRoute()
    {
        var table = new RouteTable([
            new HttpRoute("ANY", "/{proxy+}", "Proxy"),
            new HttpRoute("GET", "/", "Root"),
            new HttpRoute("GET", "/items/{id}", "Item"),
            new HttpRoute("ANY", "$default", "Default"),
        ]);
        Assert.Equal("Root", table.Match("GET", "/", out _)?.FunctionName);
        Assert.Equal("Item", table.Match("GET", "/items/42", out var p)?.FunctionName);
        Assert.Equal("42", p["id"]);
        Assert.Equal("Proxy", table.Match("POST", "/a/b", out var q)?.FunctionName);
        Assert.Equal("a/b", q["proxy"]);
        Assert.Equal("Default", table.Match("POST", "/", out _)?.FunctionName);
    }

    [Fact]
    public void RouteTable_WithoutAMatch_GivesNull() =>
        Assert.Null(new RouteTable([new HttpRoute("GET", "/", "Root")]).Match("POST", "/", out _));

    [Fact]
    public void Response_WithStatusCode_IsAFullResponse()
    {
        HttpApiResponse response = HttpApiResponse.Parse(Encoding.UTF8.GetBytes(
            "{\"statusCode\":201,\"headers\":{\"X-A\":\"1\"},\"cookies\":[\"c=1\"],\"body\":\"aGk=\",\"isBase64Encoded\":true}"));
        Assert.Equal(201, response.StatusCode);
        Assert.Equal(new KeyValuePair<string, string>("X-A", "1"), Assert.Single(response.Headers));
        Assert.Equal("c=1", Assert.Single(response.Cookies));
        Assert.Equal("hi", Encoding.UTF8.GetString(response.Body));
    }

    [Fact]
    public void Response_WithoutStatusCode_IsA200JsonBody()
    {
        HttpApiResponse response = HttpApiResponse.Parse(Encoding.UTF8.GetBytes("{\"a\":1}"));
        Assert.Equal(200, response.StatusCode);
        Assert.Equal("{\"a\":1}", Encoding.UTF8.GetString(response.Body));
    }

    [Fact]
    public void Response_NotJson_IsABadGateway() =>
        Assert.Equal(502, HttpApiResponse.Parse(Encoding.UTF8.GetBytes("nope")).StatusCode);
}
