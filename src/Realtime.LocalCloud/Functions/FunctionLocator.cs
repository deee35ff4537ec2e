using Realtime.LocalCloud.Sam;

namespace Realtime.LocalCloud.Functions;

/// <summary>
/// Finds a function's built executable: <c>&lt;root&gt;/&lt;CodeUri&gt;/bin/{Release,Debug}/net10.0/&lt;Handler&gt;.dll</c>, the newest
/// of the two (what <c>./build.sh</c> or <c>dotnet build</c> produced last). The managed dotnet10 runtime runs the same assembly.
/// </summary>
internal static class FunctionLocator
{
    public static string Locate(string root, FunctionDefinition function)
    {
        string project = Path.GetFullPath(Path.Combine(root, function.CodeUri));
        var candidates = new[] { "Release", "Debug" }
            .Select(c => Path.Combine(project, "bin", c, "net10.0", function.Handler + ".dll"))
            .Where(File.Exists)
            .OrderByDescending(File.GetLastWriteTimeUtc)
            .ToList();
        return candidates.Count > 0
            ? candidates[0]
            : throw new Sam.TemplateException(
                $"{function.LogicalId}: no build of {function.Handler}.dll under {Path.Combine(project, "bin")}; " +
                $"build it first (./build.sh run does, or: dotnet build {Path.GetRelativePath(root, project)})");
    }
}
