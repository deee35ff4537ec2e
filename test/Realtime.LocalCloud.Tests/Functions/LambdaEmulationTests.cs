using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Realtime.LocalCloud.Functions;
using Realtime.LocalCloud.Hosting;
using Realtime.LocalCloud.Iam;
using Realtime.LocalCloud.Sam;

namespace Realtime.LocalCloud.Tests.Functions;

/// <summary>The Runtime API and process pool with a scripted function: environment, errors, warm reuse, timeouts, init errors.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class LambdaEmulationTests : IDisposable
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(30);
    private readonly ScriptFunction _script = new();
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly LocalLog _log;

    public LambdaEmulationTests()
    {
        _log = new LocalLog(console: false);
        _log.Line += _lines.Enqueue;
    }

    private LambdaService Lambda(LocalTemplate template) =>
        new(template, "/", new CredentialStore(TimeProvider.System), new Dictionary<string, string>(), _log, TimeProvider.System, TimeSpan.FromMilliseconds(50));

    private static byte[] Json(string json) => Encoding.UTF8.GetBytes(json);

    [Fact]
    public async Task Invoke_GivesTheFunctionLambdasEnvironmentAndRoleCredentials()
    {
        await using LambdaService lambda = Lambda(_script.Template(timeoutSeconds: 10));
        InvocationResult result = await lambda.InvokeAsync("Script", Json("{\"env\":1}"), CancellationToken.None).WaitAsync(s_wait);
        Assert.False(result.IsError, Encoding.UTF8.GetString(result.Payload));
        using JsonDocument env = JsonDocument.Parse(result.Payload);
        Assert.Equal("256", env.RootElement.GetProperty("memory").GetString());
        Assert.Equal("Script", env.RootElement.GetProperty("name").GetString());
        Assert.Equal("bootstrap", env.RootElement.GetProperty("handler").GetString());
        Assert.Equal("from-template", env.RootElement.GetProperty("custom").GetString());
        Assert.StartsWith("LSIA", env.RootElement.GetProperty("key").GetString(), StringComparison.Ordinal);
        Assert.Equal("set", env.RootElement.GetProperty("token").GetString());
    }

    [Fact]
    public async Task SequentialInvokes_ReuseTheWarmProcess_AndLogsArePrefixed()
    {
        await using LambdaService lambda = Lambda(_script.Template(timeoutSeconds: 10));
        string first = await PidAsync(lambda);
        Assert.Equal("{\"hello\":1}", Encoding.UTF8.GetString((await lambda.InvokeAsync("Script", Json("{\"hello\":1}"), CancellationToken.None).WaitAsync(s_wait)).Payload));
        string second = await PidAsync(lambda);
        Assert.Equal(first, second);
        Assert.Equal(1, lambda.Pool("Script").ColdStarts);
        Assert.Contains("[Script] echoing {\"hello\":1}", _lines);
        Assert.Contains(_lines, l => l.StartsWith("[Script] REPORT RequestId: ", StringComparison.Ordinal) && l.Contains("Memory Size: 256 MB", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Report_GivesTheProcessPeakMemory_WhichGrowsWithTheProcess()
    {
        await using LambdaService lambda = Lambda(_script.Template(timeoutSeconds: 10));
        await lambda.InvokeAsync("Script", Json("{\"hello\":1}"), CancellationToken.None).WaitAsync(s_wait);
        long before = MaxMemoryUsed(Assert.Single(Reports()));
        InvocationResult grown = await lambda.InvokeAsync("Script", Json("{\"grow\":1}"), CancellationToken.None).WaitAsync(s_wait);
        Assert.False(grown.IsError, Encoding.UTF8.GetString(grown.Payload));
        Assert.Contains("[Script] grew 30000000", _lines);
        long after = MaxMemoryUsed(Reports()[1]);

        Assert.InRange(before, 1, 256);
        Assert.True(after >= before + 25, $"Max Memory Used went from {before} MB to {after} MB after a 30 MB string");
    }

    [Fact]
    public async Task Report_ForAProcessThatDiesMidInvocation_StillGivesItsPeakMemory()
    {
        await using LambdaService lambda = Lambda(_script.Template(timeoutSeconds: 10));
        InvocationResult result = await lambda.InvokeAsync("Script", Json("{\"crash\":1}"), CancellationToken.None).WaitAsync(s_wait);
        Assert.Equal("Runtime.ExitError", result.ErrorType);
        string report = Assert.Single(Reports());
        Assert.Contains("Status: Runtime.ExitError", report, StringComparison.Ordinal);
        Assert.InRange(MaxMemoryUsed(report), 1, 256);
    }

    private List<string> Reports() => _lines.Where(l => l.StartsWith("[Script] REPORT RequestId: ", StringComparison.Ordinal)).ToList();

    private static long MaxMemoryUsed(string report)
    {
        var used = System.Text.RegularExpressions.Regex.Match(report, @"Max Memory Used: (\d+) MB");
        Assert.True(used.Success, report);
        return long.Parse(used.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task ConcurrentInvokes_StartASecondProcess()
    {
        await using LambdaService lambda = Lambda(_script.Template(timeoutSeconds: 10));
        string[] pids = await Task.WhenAll(PidAsync(lambda), PidAsync(lambda));
        Assert.NotEqual(pids[0], pids[1]);
        Assert.Equal(2, lambda.Pool("Script").ColdStarts);
    }

    [Fact]
    public async Task FunctionError_IsReported_AndTheProcessStaysWarm()
    {
        await using LambdaService lambda = Lambda(_script.Template(timeoutSeconds: 10));
        string before = await PidAsync(lambda);
        InvocationResult result = await lambda.InvokeAsync("Script", Json("{\"fail\":1}"), CancellationToken.None).WaitAsync(s_wait);
        Assert.True(result.IsError);
        Assert.Equal("Test.Failure", result.ErrorType);
        Assert.Equal(before, await PidAsync(lambda));
    }

    [Fact]
    public async Task Timeout_KillsTheProcess_AndTheNextInvokeStartsCold()
    {
        await using LambdaService lambda = Lambda(_script.Template(timeoutSeconds: 1));
        string before = await PidAsync(lambda);
        InvocationResult result = await lambda.InvokeAsync("Script", Json("{\"sleep\":1}"), CancellationToken.None).WaitAsync(s_wait);
        Assert.True(result.IsError);
        Assert.Equal("Sandbox.Timedout", result.ErrorType);
        Assert.Contains("Task timed out after 1.00 seconds", Encoding.UTF8.GetString(result.Payload), StringComparison.Ordinal);
        Assert.False(Directory.Exists($"/proc/{before}") && File.ReadAllText($"/proc/{before}/stat").Split(' ')[2] != "Z", "the timed-out process still runs");
        Assert.NotEqual(before, await PidAsync(lambda));
    }

    [Fact]
    public async Task InitError_FailsTheInvocationWithTheFunctionsMessage()
    {
        await using LambdaService lambda = Lambda(_script.Template(timeoutSeconds: 5, failInit: true));
        InvocationResult result = await lambda.InvokeAsync("Script", Json("{}"), CancellationToken.None).WaitAsync(s_wait);
        Assert.True(result.IsError);
        Assert.Equal("Runtime.InitError", result.ErrorType);
        Assert.Contains("FAIL_INIT is set", Encoding.UTF8.GetString(result.Payload), StringComparison.Ordinal);
    }

    [Fact]
    public async Task InitThatNeverFinishes_IsKilledAfterTheInitLimit()
    {
        await using LambdaService lambda = Lambda(_script.Template(timeoutSeconds: 5, hangInit: true));
        InvocationResult result = await lambda.InvokeAsync("Script", Json("{}"), CancellationToken.None).WaitAsync(s_wait);
        Assert.True(result.IsError);
        Assert.Equal("Runtime.InitError", result.ErrorType);
        Assert.Contains("did not finish within 10 s", Encoding.UTF8.GetString(result.Payload), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReservedConcurrency_QueuesInvocationsBeyondTheCap()
    {
        await using LambdaService lambda = Lambda(_script.Template(timeoutSeconds: 10, reservedConcurrency: 1));
        string[] pids = await Task.WhenAll(PidAsync(lambda), PidAsync(lambda), PidAsync(lambda));
        Assert.Single(pids.Distinct());
        Assert.Equal(1, lambda.Pool("Script").ColdStarts);
    }

    [Fact]
    public async Task EventInvoke_RetriesAFailingFunction_AsManyTimesAsConfigured()
    {
        await using LambdaService lambda = Lambda(_script.Template(timeoutSeconds: 5));
        lambda.InvokeEvent("Script", Json("{\"fail\":1}"));
        // Default MaximumRetryAttempts is 2: three attempts in all.
        string last = await WaitForLineAsync(l => l.Contains("attempt 3 of 3", StringComparison.Ordinal));
        Assert.Contains("Test.Failure", last, StringComparison.Ordinal);
    }

    private async Task<string> PidAsync(LambdaService lambda)
    {
        InvocationResult result = await lambda.InvokeAsync("Script", Json("{\"env\":1}"), CancellationToken.None).WaitAsync(s_wait);
        using JsonDocument env = JsonDocument.Parse(result.Payload);
        return env.RootElement.GetProperty("pid").GetString()!;
    }

    private async Task<string> WaitForLineAsync(Func<string, bool> match)
    {
        var found = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        _log.Line += line => { if (match(line)) { found.TrySetResult(line); } };
        if (_lines.FirstOrDefault(match) is { } existing)
        {
            return existing;
        }

        return await found.Task.WaitAsync(s_wait);
    }

    public void Dispose() => _script.Dispose();
}
