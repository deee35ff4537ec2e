using Realtime.TestSupport;

namespace Deployment.Tests.Template;

/// <summary>Files of the repository under test (<see cref="RepositoryRoot"/>) and this project's test data.</summary>
internal static class RepoPaths
{
    public static string Root => RepositoryRoot.Path;

    public static string TemplateFile => Path.Combine(Root, "serverless.template");

    public static string ToolsDefaultsFile => Path.Combine(Root, "aws-lambda-tools-defaults.json");

    public static string SamSchemaFile => Path.Combine(AppContext.BaseDirectory, "TestData", "sam.schema.json");

    public static string Combine(params string[] parts) => Path.GetFullPath(Path.Combine([Root, .. parts]));
}
