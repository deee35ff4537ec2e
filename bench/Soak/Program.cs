using Soak;

// ./build.sh soak [--channels 200] [--requests 50] [--phases None,DropConnections,...] [--arch x86_64]
// Runs each phase on a fresh local cloud (the published Native AOT functions) and prints one table row per phase.
// Exit code 1 when any phase lost a request, delivered a duplicate to the app, or left something behind.
int channels = 200, requests = 50;
string arch = System.Runtime.InteropServices.RuntimeInformation.OSArchitecture == System.Runtime.InteropServices.Architecture.Arm64 ? "arm64" : "x86_64";
Fault[] phases = Enum.GetValues<Fault>();
if (args.Length % 2 != 0 || args.Contains("--help") || args.Contains("-h"))
{
    // Odd argument counts are a typo (or --help): never start a 15-minute run on a guess.
    bool help = args.Contains("--help") || args.Contains("-h");
    (help ? Console.Out : Console.Error).WriteLine(
        "usage: Soak [--channels 200] [--requests 50] [--phases " + string.Join(',', Enum.GetNames<Fault>()) + "] [--arch x86_64|arm64]");
    return help ? 0 : 2;
}

for (int i = 0; i + 1 < args.Length; i += 2)
{
    switch (args[i])
    {
        case "--channels": channels = int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture); break;
        case "--requests": requests = int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture); break;
        case "--arch": arch = args[i + 1]; break;
        case "--phases": phases = [.. args[i + 1].Split(',').Select(Enum.Parse<Fault>)]; break;
        default: Console.Error.WriteLine($"unknown option {args[i]}"); return 2;
    }
}

string root = Realtime.TestSupport.RepositoryRoot.Path;
var settings = new SoakSettings(root, Path.Combine(root, "artifacts", arch), channels, requests);
Console.WriteLine($"soak: {channels} channels x {requests} requests per phase, functions {settings.Functions}, {Environment.ProcessorCount} cores");
Console.WriteLine(PhaseResult.Header);
Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
bool ok = true;
foreach (Fault fault in phases)
{
    PhaseResult result = await SoakPhase.RunAsync(settings, fault, line => Console.Error.WriteLine($"  [{fault}] {line}"));
    Console.WriteLine(result.Row());
    foreach (string error in result.Errors.Take(10))
    {
        Console.Error.WriteLine($"  [{fault}] {error}");
    }

    ok &= result.Lost == 0 && result.DuplicatesToApp == 0 && result.Errors.Count == 0;
}

return ok ? 0 : 1;
