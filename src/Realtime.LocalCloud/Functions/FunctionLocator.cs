using Realtime.LocalCloud.Sam;

namespace Realtime.LocalCloud.Functions;

/// <summary>
/// Finds what to run for a function, as Lambda would: for the managed runtime (dotnet10) the executable assembly named by
/// Handler, built at <c>&lt;root&gt;/&lt;CodeUri&gt;/bin/{Release,Debug}/net10.0/&lt;Handler&gt;.dll</c> (the newer of the two:
/// what <c>./build.sh</c> or <c>dotnet build</c> produced last), run with <c>dotnet</c>; for <c>provided.*</c> runtimes the
/// file <c>&lt;root&gt;/&lt;CodeUri&gt;/bootstrap</c>, run directly.
/// </summary>
internal static class FunctionLocator
{
    public static FunctionExecutable Locate(string root, FunctionDefinition function)
    {
        string project = Path.GetFullPath(Path.Combine(root, function.CodeUri));
        if (function.Runtime.StartsWith("provided", StringComparison.Ordinal))
        {
            string bootstrap = Path.Combine(project, "bootstrap");
            return File.Exists(bootstrap)
                ? new FunctionExecutable(bootstrap, IsAssembly: false)
                : throw new TemplateException($"{function.LogicalId}: runtime {function.Runtime} needs an executable {bootstrap}");
        }

        var candidates = new[] { "Release", "Debug" }
            .Select(c => Path.Combine(project, "bin", c, "net10.0", function.Handler + ".dll"))
            .Where(File.Exists)
            .OrderByDescending(File.GetLastWriteTimeUtc)
            .ToList();
        return candidates.Count > 0
            ? new FunctionExecutable(candidates[0], IsAssembly: true)
            : throw new TemplateException(
                $"{function.LogicalId}: no build of {function.Handler}.dll under {Path.Combine(project, "bin")}; " +
                $"build it first (./build.sh run does, or: dotnet build {Path.GetRelativePath(root, project)})");
    }
}
