namespace Realtime.Client.Tests.Support;

/// <summary>The repository root (the folder with Lambdas.sln), found from the test's output folder.</summary>
internal static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Lambdas.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no Lambdas.sln above {AppContext.BaseDirectory}");
    }
}
