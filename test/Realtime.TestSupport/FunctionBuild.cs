using System.Reflection;

namespace Realtime.TestSupport;

/// <summary>
/// Where a function's build output (<c>&lt;Name&gt;.dll</c> next to its runtimeconfig.json) is, for tests and benchmarks
/// that run it as a child process with <see cref="FunctionProcess"/>. (How the local cloud starts a published executable
/// is its own FunctionExecutable.)
/// </summary>
public sealed class FunctionBuild
{
    private FunctionBuild(string name, string assemblyPath)
    {
        Name = name;
        AssemblyPath = assemblyPath;
    }

    /// <summary>The function's assembly name, e.g. SessionFunction.</summary>
    public string Name { get; }

    /// <summary>The full path of the function's dll, or of its native (AOT) executable when the override variable names one.</summary>
    public string AssemblyPath { get; }

    /// <summary>
    /// Finds <c>&lt;name&gt;.dll</c>, first match wins: the file <paramref name="overrideVariable"/> names (to measure a published
    /// build: a ReadyToRun dll or the Native AOT executable that ships; a missing file is an error); the output directory the caller recorded at build time as assembly
    /// metadata <c>&lt;name&gt;OutputDir</c> (same configuration as the caller); the caller's own directory (where a project
    /// reference copies it); else the newest Debug or Release build under <c>src/&lt;name&gt;/bin</c> above it.
    /// </summary>
    public static FunctionBuild Locate(string name, Assembly caller, string? overrideVariable = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(caller);
        string fileName = name + ".dll";
        if (overrideVariable is not null && Environment.GetEnvironmentVariable(overrideVariable) is { Length: > 0 } overridePath)
        {
            return File.Exists(overridePath)
                ? new(name, Path.GetFullPath(overridePath))
                : throw new FileNotFoundException($"{overrideVariable} points to '{overridePath}', which does not exist.");
        }

        string? recorded = caller.GetCustomAttributes<AssemblyMetadataAttribute>().SingleOrDefault(a => a.Key == name + "OutputDir")?.Value;
        foreach (string? directory in new[] { recorded, AppContext.BaseDirectory })
        {
            if (directory is not null && IsRunnable(directory, name))
            {
                return new(name, Path.Combine(directory, fileName));
            }
        }

        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            string bin = Path.Combine(directory.FullName, "src", name, "bin");
            if (Directory.Exists(bin))
            {
                string? newest = Directory.EnumerateFiles(bin, fileName, SearchOption.AllDirectories)
                    .Where(path => IsRunnable(Path.GetDirectoryName(path)!, name))
                    .OrderByDescending(File.GetLastWriteTimeUtc)
                    .FirstOrDefault();
                if (newest is not null)
                {
                    return new(name, newest);
                }
            }
        }

        throw new FileNotFoundException(
            $"{fileName} was not found (looked in '{recorded}', '{AppContext.BaseDirectory}' and src/{name}/bin); build {name} first.");
    }

    /// <summary>The function's name and path.</summary>
    public override string ToString() => $"{Name} ({AssemblyPath})";

    private static bool IsRunnable(string directory, string name)
        => File.Exists(Path.Combine(directory, name + ".dll")) && File.Exists(Path.Combine(directory, name + ".runtimeconfig.json"));
}
