namespace Deployment.Tests.Template;

/// <summary>Files of the repository under test, found by walking up from the test assembly to <c>Lambdas.sln</c>.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string TemplateFile => Path.Combine(Root, "serverless.template");

    public static string ToolsDefaultsFile => Path.Combine(Root, "aws-lambda-tools-defaults.json");

    public static string SamSchemaFile => Path.Combine(AppContext.BaseDirectory, "TestData", "sam.schema.json");

    public static string Combine(params string[] parts) => Path.GetFullPath(Path.Combine([Root, .. parts]));

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Lambdas.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Lambdas.sln above {AppContext.BaseDirectory}: run the tests from the repository.");
    }
}
