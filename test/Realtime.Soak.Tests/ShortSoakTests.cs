using System.Runtime.InteropServices;
using Soak;
using Xunit.Abstractions;

namespace Realtime.Soak.Tests;

/// <summary>
/// The soak (bench/Soak, ./build.sh soak) made small: a few channels, every fault, on the published Native AOT functions
/// (./build.sh test publishes them first). Whatever the fault, the app gets every reply once and nothing is left behind.
/// </summary>
public sealed class ShortSoakTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(Fault.None)]
    [InlineData(Fault.DropConnections)]
    [InlineData(Fault.RestartIot)]
    [InlineData(Fault.KillResponder)]
    [InlineData(Fault.StsUnavailable)]
    [InlineData(Fault.ConcurrencyExhausted)]
    public async Task EveryRequestIsAnsweredOnce(Fault fault)
    {
        string root = Realtime.TestSupport.RepositoryRoot.Path;
        string arch = RuntimeInformation.OSArchitecture == Architecture.Arm64 ? "arm64" : "x86_64";
        // Short limits: a 6 s lease is the longest a working recovery takes; a phase that needs longer has lost requests.
        var settings = new SoakSettings(root, Path.Combine(root, "artifacts", arch), Channels: 4, Requests: 25)
        {
            RequestTimeout = TimeSpan.FromSeconds(25),
            PhaseLimit = TimeSpan.FromSeconds(75),
        };
        Assert.True(File.Exists(Path.Combine(settings.Functions, "ResponderFunction", "ResponderFunction")),
            $"the published functions are missing in {settings.Functions}: deploy/package.sh --arch {arch} --if-stale");

        PhaseResult result = await SoakPhase.RunAsync(settings, fault, line => output.WriteLine(line));

        output.WriteLine(PhaseResult.Header);
        output.WriteLine(result.Row());
        Assert.Equal(100, result.Sent);
        Assert.True(result.Errors.Count == 0, string.Join(Environment.NewLine, result.Errors));
        Assert.Equal(0, result.Lost);
        Assert.Equal(0, result.DuplicatesToApp);
        // One responder per channel at a time. After a drop or a restart the client's hello and trigger go out together: the
        // survivor answers the hello, and the trigger (retrying for the lease for 3 s) may start one more once the survivor
        // leaves (these channels close within a second). A killed responder is followed by one more.
        Assert.InRange(result.RespondersPerChannelMax, 1, fault is Fault.None or Fault.ConcurrencyExhausted ? 1 : 2);
    }
}
