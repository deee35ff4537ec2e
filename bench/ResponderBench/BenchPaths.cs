namespace ResponderBench;

/// <summary>Where the repository is (the folder holding Lambdas.sln), found from this assembly's location.</summary>
internal static class BenchPaths
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Lambdas.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"Lambdas.sln not found above {AppContext.BaseDirectory}.");
    }
}
