using System.Text.Json;
using Realtime.Lambda.Events;

namespace Realtime.Lambda.Tests.Events;

public sealed class HttpApiResponsesTests
{
    [Fact]
    public void Json_AddsContentType_AndKeepsGivenHeaders()
    {
        var response = HttpApiResponses.Json(200, "{\"a\":1}", new Dictionary<string, string> { ["Cache-Control"] = "no-store" });

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("{\"a\":1}", response.Body);
        Assert.Equal("application/json", response.Headers!["Content-Type"]);
        Assert.Equal("no-store", response.Headers["cache-control"]);
    }

    [Fact]
    public void Json_GivenContentType_IsNotReplaced()
    {
        var response = HttpApiResponses.Json(200, "{}", new Dictionary<string, string> { ["content-type"] = "application/problem+json" });

        Assert.Equal("application/problem+json", Assert.Single(response.Headers!).Value);
    }

    [Fact]
    public void Error_IsAJsonMessage_ProperlyEscaped()
    {
        var response = HttpApiResponses.Error(405, "Method \"DELETE\" is not allowed");

        Assert.Equal(405, response.StatusCode);
        using JsonDocument body = JsonDocument.Parse(response.Body!);
        Assert.Equal("Method \"DELETE\" is not allowed", body.RootElement.GetProperty("message").GetString());
    }
}
