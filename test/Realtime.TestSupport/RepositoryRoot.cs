namespace Realtime.TestSupport;

/// <summary>The repository under test (the folder holding Lambdas.sln), for tests and benchmarks alike.</summary>
public static class RepositoryRoot
{
    /// <summary>The first folder holding Lambdas.sln above the current directory or, failing that, above this assembly.</summary>
    public static string Path { get; } = Find();

    private static string Find()
    {
        foreach (string start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(System.IO.Path.Combine(directory.FullName, "Lambdas.sln")))
                {
                    return directory.FullName;
                }
            }
        }

        throw new InvalidOperationException($"No Lambdas.sln above {Directory.GetCurrentDirectory()} or {AppContext.BaseDirectory}: run from the repository.");
    }
}
