using System.Diagnostics;

namespace Realtime.LocalCloud.Functions;

/// <summary>A function's entry point: a .NET assembly (run with the dotnet host) or a native/script bootstrap.</summary>
internal sealed record FunctionExecutable(string Path, bool IsAssembly)
{
    public ProcessStartInfo CreateStartInfo() => IsAssembly
        ? DotnetCommand.For(Path)
        : new ProcessStartInfo(Path) { UseShellExecute = false };
}
