using System.Diagnostics;
using Realtime.Hosting;
using Realtime.TestSupport;
using ResponderFunction.Tests.Support;

namespace ResponderBench;

/// <summary>One responder under test, running as its own process (so its CPU time is its own), serving one channel.</summary>
internal sealed class Contender : IAsyncDisposable
{
    private readonly Func<LoadGenerator, Task> _stop;
    private readonly IAsyncDisposable? _owned;

    private Contender(string name, Process process, Func<LoadGenerator, Task> stop, IAsyncDisposable? owned)
    {
        Name = name;
        Process = process;
        _stop = stop;
        _owned = owned;
    }

    public string Name { get; }

    public Process Process { get; }

    /// <summary>The seed design: bench/seed-responder (Node + mqtt.js, replies fire and forget).</summary>
    public static async Task<Contender> StartSeedAsync(Uri endpoint, string channelId)
    {
        string script = Path.Combine(BenchPaths.Root, "bench", "seed-responder", "responder.js");
        Process process = await StartPipedAsync("node", [script, endpoint.ToString(), channelId]);
        return new Contender("seed design (Node, mqtt.js)", process, _ => CloseAsync(process), owned: null);
    }

    /// <summary>The ceiling: a bare MQTTnet echo in its own process (this benchmark with --echo).</summary>
    public static async Task<Contender> StartEchoAsync(Uri endpoint, string channelId)
    {
        string self = typeof(Contender).Assembly.Location;
        Process process = await StartPipedAsync("dotnet", [self, "--echo", endpoint.ToString(), channelId]);
        return new Contender("bare MQTTnet echo", process, _ => CloseAsync(process), owned: null);
    }

    /// <summary>Our responder: the ResponderFunction executable under a fake Runtime API, triggered like the IoT rule does.</summary>
    public static async Task<Contender> StartOursAsync(Uri endpoint, FakeRuntimeApi runtime, string channelId)
    {
        FunctionProcess function = await ResponderProcess.StartAsync(BenchEnvironment.Responder(endpoint, runtime.Address));
        FakeRuntimeApiInvocation invocation = runtime.Enqueue(
            $$"""{"channelId":"{{channelId}}","clientId":"client-{{channelId}}"}""", timeout: TimeSpan.FromMinutes(10));
        return new Contender("our responder (MQTTnet, pipelined)", function.Process, async generator =>
        {
            await generator.ByeAsync(CancellationToken.None);
            FakeRuntimeApiResult result = await runtime.WaitForResultAsync(invocation.RequestId, TimeSpan.FromSeconds(20));
            if (!result.Body.Contains("client-left", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"The responder's session did not end with client-left: {result.Body}");
            }
        }, function);
    }

    /// <summary>The process's user + system CPU time so far (/proc/&lt;pid&gt;/stat, via <see cref="Process.TotalProcessorTime"/>).</summary>
    public TimeSpan CpuTime()
    {
        Process.Refresh();
        return Process.TotalProcessorTime;
    }

    public Task StopAsync(LoadGenerator generator) => _stop(generator);

    public async ValueTask DisposeAsync()
    {
        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: true);
        }

        if (_owned is not null)
        {
            await _owned.DisposeAsync();
        }

        Process.Dispose();
    }

    private static async Task<Process> StartPipedAsync(string file, string[] arguments)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardInput = true,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        Process process = await ChildProcesses.StartAsync(info);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                Console.Error.WriteLine($"[{Path.GetFileName(file)}] {e.Data}");
            }
        };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        return process;
    }

    private static async Task CloseAsync(Process process)
    {
        process.StandardInput.Close();
        if (!process.HasExited)
        {
            process.Kill(); // the seed responder does not read stdin; a kill is its Lambda's end
        }

        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
    }
}
