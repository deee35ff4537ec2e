using System.Runtime.InteropServices;
using Realtime.Hosting;
using Realtime.LocalCloud.Hosting;

// The local cloud: ./build.sh run starts it with --root <repository>; Ctrl+C (SIGINT) or SIGTERM stops everything.
LocalCloudOptions options;
try
{
    options = CommandLine.Parse(args);
}
catch (FormatException e)
{
    Console.Error.WriteLine($"error: {e.Message}");
    Console.Error.WriteLine(CommandLine.Usage);
    return 2;
}

if (args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine(CommandLine.Usage);
    return 0;
}

using var stop = new CancellationTokenSource();
void RequestStop(PosixSignalContext context)
{
    context.Cancel = true;
    stop.Cancel();
}

using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, RequestStop);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, RequestStop);
using var sighup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, RequestStop);

LocalCloudHost host;
try
{
    host = await LocalCloudHost.StartAsync(options, cancellationToken: stop.Token);
}
catch (Exception e) when (e is Realtime.LocalCloud.Sam.TemplateException or InvalidOperationException or IOException or OperationCanceledException)
{
    Console.Error.WriteLine($"error: the local cloud could not start: {e.Message}");
    ChildProcesses.KillAll();
    return 1;
}

// Fault injection for the soak (./build.sh soak): SIGUSR1 restarts the IoT endpoint, SIGUSR2 makes STS unavailable for 10 s.
using var sigusr1 = PosixSignalRegistration.Create((PosixSignal)10, context =>
{
    context.Cancel = true;
    _ = host.RestartIotAsync(TimeSpan.FromSeconds(1));
});
using var sigusr2 = PosixSignalRegistration.Create((PosixSignal)12, context =>
{
    context.Cancel = true;
    host.MakeStsUnavailable(TimeSpan.FromSeconds(10));
});

await using (host)
{
    Console.WriteLine(Banner.For(host));
    try
    {
        await Task.Delay(Timeout.Infinite, stop.Token);
    }
    catch (OperationCanceledException)
    {
        Console.WriteLine("stopping the local cloud...");
    }
}

// Belt and braces: anything a part failed to stop (ChildProcesses also does this on process exit).
ChildProcesses.KillAll();
Console.WriteLine("stopped; no child process is left running.");
return 0;
