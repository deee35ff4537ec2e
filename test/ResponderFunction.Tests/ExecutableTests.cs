using System.Text.Json;
using Realtime.Channels;
using Realtime.TestSupport;
using ResponderFunction.Tests.Support;
using Xunit.Abstractions;

namespace ResponderFunction.Tests;

/// <summary>The real built executable under the in-test Runtime API, against a real Mosquitto.</summary>
public sealed class ExecutableTests(ITestOutputHelper output) : IAsyncLifetime
{
    // Generous: the machine is shared by several builds; every wait ends as soon as the function answers.
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private const string Secret = "exe-secret-key-value";
    private const string Token = "exe-session-token-value";

    private MosquittoBroker _broker = null!;
    private FakeRuntimeApi _runtime = null!;

    public async Task InitializeAsync()
    {
        _broker = await MosquittoBroker.StartAsync();
        _runtime = await FakeRuntimeApi.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _runtime.DisposeAsync();
        await _broker.DisposeAsync();
    }

    [Fact]
    public async Task Executable_RejectsHostileTriggersAndServesAValidOne_AlwaysWithAResponse()
    {
        Dictionary<string, string> environment = Environment();
        environment["AWS_LAMBDA_LOG_FORMAT"] = "JSON"; // one JSON object per line: levels are easy to check
        await using FunctionProcess function = await ResponderProcess.StartAsync(environment);

        // Hostile triggers first: each must end in a response (a summary), never an invocation error, even when the body is
        // not JSON at all (the runtime hands the raw bytes to the responder).
        string[] hostile =
        [
            """{"channelId":"+"}""",
            """{"channelId":"a/#"}""",
            """{"channelId":17}""",
            """{"channelId":"abc","clientId":"client-somebody-else"}""",
            "[1,2,3]",
            "not json",
            """{"channelId":""",
            "{\"channelId\":\"abc\",\"pad\":\"" + new string('x', 5000) + "\"}",
            "",
            "{\"channelId\":\"" + new string('a', 65) + "\"}",
            """{"channelId":"\ud800"}""",
            """{"channelId":"a","clientId":"\udfff"}""",
        ];
        foreach (string body in hostile)
        {
            FakeRuntimeApiInvocation invocation = _runtime.Enqueue(body);
            FakeRuntimeApiResult result = await _runtime.WaitForResultAsync(invocation.RequestId, Timeout);
            Assert.Equal(FakeRuntimeApiResultKind.Response, result.Kind);
            Assert.Equal("rejected", Summary(result).GetProperty("reason").GetString());
        }

        // Then a real session in the same process: ready, pongs, the browser leaves.
        await using BrowserClient browser = await BrowserClient.ConnectAsync(_broker.WebSocketUri);
        FakeRuntimeApiInvocation session = _runtime.Enqueue(browser.RuleEvent(), timeout: TimeSpan.FromSeconds(60));
        Assert.Equal("ready", (await browser.NextAsync(Timeout)).Type);
        for (int i = 0; i < 3; i++)
        {
            await browser.RequestAsync($"x{i}");
            Assert.Equal($"x{i}", (await browser.NextAsync()).RequestId);
        }

        await browser.ByeAsync();
        FakeRuntimeApiResult sessionResult = await _runtime.WaitForResultAsync(session.RequestId, Timeout);
        output.WriteLine(function.Output);

        Assert.Equal(FakeRuntimeApiResultKind.Response, sessionResult.Kind);
        JsonElement summary = Summary(sessionResult);
        Assert.Equal(browser.ChannelId.Value, summary.GetProperty("channelId").GetString());
        Assert.Equal("client-left", summary.GetProperty("reason").GetString());
        Assert.Equal(3, summary.GetProperty("requestsServed").GetInt32());
        IReadOnlyList<(string Level, string Message)> logs = JsonLogLines(function.Output);
        Assert.Equal(hostile.Length, logs.Count(l => l.Level == "WARN" && l.Message.StartsWith("Trigger refused", StringComparison.Ordinal)));
        Assert.DoesNotContain(logs, l => l.Level is "ERROR" or "FATAL");
        Assert.DoesNotContain(Secret, function.Output);
        Assert.DoesNotContain(Token, function.Output);
        Assert.DoesNotContain("X-Amz-Signature", function.Output);
    }

    [Fact]
    public async Task Executable_MissingRegion_ReportsAnInitErrorNamingIt()
    {
        Dictionary<string, string> environment = Environment();
        environment.Remove("AWS_REGION");
        await using FunctionProcess function = await ResponderProcess.StartAsync(environment);

        FakeRuntimeApiResult result = await _runtime.WaitForInitErrorAsync(Timeout);

        Assert.Contains("AWS_REGION", result.Body);
    }

    private Dictionary<string, string> Environment() => new()
    {
        ["AWS_LAMBDA_RUNTIME_API"] = _runtime.Address,
        ["AWS_IOT_ENDPOINT_URL"] = _broker.WebSocketUri.ToString(),
        ["AWS_REGION"] = "us-east-1",
        ["AWS_ACCESS_KEY_ID"] = "AKIDLOCALRESPONDER",
        ["AWS_SECRET_ACCESS_KEY"] = Secret,
        ["AWS_SESSION_TOKEN"] = Token,
        ["AWS_LAMBDA_FUNCTION_NAME"] = "ResponderFunction",
        ["SESSION_IDLE_SECONDS"] = "10",
        ["DEADLINE_MARGIN_SECONDS"] = "2",
    };

    /// <summary>Every output line must be a JSON log entry (AWS_LAMBDA_LOG_FORMAT=JSON): nothing else, e.g. no exception dump.</summary>
    private static List<(string Level, string Message)> JsonLogLines(string output)
    {
        var lines = new List<(string Level, string Message)>();
        foreach (string line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            using JsonDocument entry = JsonDocument.Parse(line);
            lines.Add((entry.RootElement.GetProperty("level").GetString()!, entry.RootElement.GetProperty("message").GetString()!));
        }

        return lines;
    }

    private static JsonElement Summary(FakeRuntimeApiResult result)
    {
        using JsonDocument document = JsonDocument.Parse(result.Body);
        return document.RootElement.Clone();
    }
}
