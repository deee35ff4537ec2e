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
    public void Function_RunsOnManagedDotnet10OnX86(string function)
    {
        var properties = Fixtures.Template.FunctionProperties(function);

        Assert.Equal("dotnet10", (string?)properties["Runtime"]);
        // Amazon.Lambda.Tools reads Architectures from the function itself (not Globals) to choose the publish RID.
        Assert.Equal("x86_64", (string?)Fixtures.Template.Resource(function)["Properties"]!["Architectures"]?[0]);
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
