namespace ResponderBench;

/// <summary>Where the repository is (the folder holding Lambdas.sln).</summary>
internal static class BenchPaths
{
    public static string Root => Realtime.TestSupport.RepositoryRoot.Path;
}
