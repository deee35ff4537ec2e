using System.Xml.Linq;
using Deployment.Tests.Template;

namespace Deployment.Tests.Tests;

/// <summary>Every function's CodeUri is a .NET project that publishes an executable named as its Handler.</summary>
public sealed class FunctionProjectTests
{
    public static TheoryData<string> Functions => [.. Fixtures.Template.ResourcesOfType(SamTemplate.FunctionType)];

    [Fact]
    public void Template_DeclaresBothFunctions()
        => Assert.Equal(["ResponderFunction", "SessionFunction"], Fixtures.Template.ResourcesOfType(SamTemplate.FunctionType).Order());

    [Theory]
    [MemberData(nameof(Functions))]
    public void CodeUri_IsAFolderWithExactlyOneProject(string function)
    {
        string folder = CodeFolder(function);

        Assert.True(Directory.Exists(folder), $"{function}: CodeUri folder {folder} does not exist.");
        // Amazon.Lambda.Tools packages a CodeUri folder as a .NET project only when it holds exactly one project file.
        Assert.Single(Directory.GetFiles(folder, "*.csproj"));
    }

    [Theory]
    [MemberData(nameof(Functions))]
    public void Project_IsAnExecutableWhoseAssemblyNameIsTheHandler(string function)
    {
        var properties = Fixtures.Template.FunctionProperties(function);
        string project = Directory.GetFiles(CodeFolder(function), "*.csproj").Single();
        var xml = XDocument.Load(project);

        string? outputType = Property(xml, "OutputType");
        string assemblyName = Property(xml, "AssemblyName") ?? Path.GetFileNameWithoutExtension(project);

        Assert.Equal("Exe", outputType);
        Assert.Equal((string?)properties["Handler"], assemblyName);
    }

    [Theory]
    [MemberData(nameof(Functions))]
    public void Project_PublishesNativeAot_UnconditionallyInTheProjectFile(string function)
    {
        // Amazon.Lambda.Tools asks MSBuild for PublishAot without a runtime identifier, so the property must be set in the
        // project itself, not under a condition on RuntimeIdentifier.
        string project = Directory.GetFiles(CodeFolder(function), "*.csproj").Single();
        XElement publishAot = Assert.Single(XDocument.Load(project).Descendants(), e => e.Name.LocalName == "PublishAot");

        Assert.Equal("true", publishAot.Value.Trim());
        Assert.Null(publishAot.Attribute("Condition"));
        Assert.Null(publishAot.Parent!.Attribute("Condition"));
    }

    [Fact]
    public void FunctionProjects_AreTheOnlyNativeAotProjects()
    {
        // Directory.Build.targets gives every PublishAot project the Lambda settings (GC, stripped symbols, cross-linking).
        string[] aot = Directory.GetFiles(RepoPaths.Combine("src"), "*.csproj", SearchOption.AllDirectories)
            .Where(p => XDocument.Load(p).Descendants().Any(e => e.Name.LocalName == "PublishAot" && e.Value.Trim() == "true"))
            .Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal).ToArray()!;

        Assert.Equal(["ResponderFunction", "SessionFunction"], aot);
    }

    [Theory]
    [MemberData(nameof(Functions))]
    public void Project_TargetsNet10(string function)
    {
        string project = Directory.GetFiles(CodeFolder(function), "*.csproj").Single();

        Assert.Equal("net10.0", EffectiveTargetFramework(project));
    }

    /// <summary>The project's TargetFramework, or the one Directory.Build.props sets for every project.</summary>
    internal static string? EffectiveTargetFramework(string project)
        => Property(XDocument.Load(project), "TargetFramework")
            ?? Property(XDocument.Load(RepoPaths.Combine("Directory.Build.props")), "TargetFramework");

    internal static string CodeFolder(string function)
    {
        string codeUri = (string?)Fixtures.Template.FunctionProperties(function)["CodeUri"]
            ?? throw new InvalidOperationException($"{function} has no CodeUri.");
        return RepoPaths.Combine(codeUri);
    }

    private static string? Property(XDocument xml, string name)
        => xml.Descendants().FirstOrDefault(e => e.Name.LocalName == name && e.Parent?.Name.LocalName == "PropertyGroup")?.Value.Trim();
}
