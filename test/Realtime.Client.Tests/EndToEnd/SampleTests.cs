using Realtime.Client.Tests.Support;
using Realtime.TestSupport;

namespace Realtime.Client.Tests.EndToEnd;

/// <summary>The console sample as a user runs it (<c>dotnet ChannelConsole.dll &lt;session api url&gt; --count 2</c>).</summary>
[Collection(ShortLivedCloudCollection.Name)]
public sealed class SampleTests(ShortLivedCloudFixture cloud)
{
    [Fact]
    public async Task ConsoleSample_SendsRequestsAndLeaves()
    {
        // Same configuration as this test assembly: .../test/Realtime.Client.Tests/bin/<Configuration>/net10.0/
        string configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
        string dll = Path.Combine(RepositoryRoot.Path, "samples", "ChannelConsole", "bin", configuration, "net10.0", "ChannelConsole.dll");
        Assert.True(File.Exists(dll), $"build the sample first: {dll}");
        ProgramResult run = await DotnetProgram.RunAsync(dll, [cloud.SessionUrl.ToString(), "--count", "2"], TimeSpan.FromSeconds(90));

        string text = run.Output;
        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}: {text}\n{run.Errors}");
        Assert.Contains("is ready", text, StringComparison.Ordinal);
        Assert.Equal(2, text.Split('\n').Count(l => l.StartsWith("reply in ", StringComparison.Ordinal) && l.Contains("\"message\":\"PONG\"", StringComparison.Ordinal)));
        Assert.Contains("[closed] state Closed: closed", text, StringComparison.Ordinal);
    }
}
