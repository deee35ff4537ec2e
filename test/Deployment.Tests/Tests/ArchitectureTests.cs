using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Deployment.Tests.Template;

namespace Deployment.Tests.Tests;

/// <summary>
/// Runtime and Architectures stay literal in the template: Amazon.Lambda.Tools reads them without resolving intrinsics
/// (a <c>Ref</c> in Architectures becomes null and it publishes for x86_64), and deploy/package.sh reads the same values.
/// </summary>
public sealed partial class ArchitectureTests
{
    public static TheoryData<string> Functions => [.. Fixtures.Template.ResourcesOfType(SamTemplate.FunctionType)];

    [Theory]
    [MemberData(nameof(Functions))]
    public void RuntimeHandlerAndArchitectures_AreLiterals(string function)
    {
        JsonObject properties = Fixtures.Template.FunctionProperties(function);

        Assert.Equal(JsonValueKind.String, properties["Runtime"]?.GetValueKind());
        Assert.Equal("dotnet10", (string?)properties["Runtime"]);
        Assert.Equal(JsonValueKind.String, properties["Handler"]?.GetValueKind());
        JsonArray architectures = Assert.IsType<JsonArray>(properties["Architectures"]);
        JsonNode only = Assert.Single(architectures)!;
        Assert.Equal(JsonValueKind.String, only.GetValueKind());
        Assert.Contains((string)only!, new[] { "x86_64", "arm64" });
    }

    [Fact]
    public void Globals_DoNotSetRuntimeOrArchitectures()
    {
        // The tool falls back to Globals only when a function has none; one place per value keeps the two readers in step.
        JsonNode? function = JsonNode.Parse(File.ReadAllText(RepoPaths.TemplateFile))!["Globals"]?["Function"];

        Assert.Null(function?["Runtime"]);
        Assert.Null(function?["Architectures"]);
    }

    [Fact]
    public void BothFunctions_ShareOneArchitecture_TheDefaultArm64()
    {
        string[] architectures = Fixtures.Template.ResourcesOfType(SamTemplate.FunctionType)
            .Select(f => (string)Fixtures.Template.FunctionProperties(f)["Architectures"]![0]!).Distinct().ToArray();

        // arm64 is 20 % cheaper per GB-second; it is the default because the arm64 executables pass the smoke run under
        // qemu (Realtime.LocalCloud.Tests' Arm64SmokeTests, in every ./build.sh test; docs/deploy.md, "Architecture").
        Assert.Equal(["arm64"], architectures);
    }

    [Fact]
    public void PackageScript_ReadsEachFunctionsArchitectureFromTheTemplate_AndMapsBothToARuntimeIdentifier()
    {
        string script = File.ReadAllText(RepoPaths.Combine("deploy", "package.sh"));

        Assert.Contains(".value.Properties.Architectures[0]", script, StringComparison.Ordinal);
        Assert.Contains("p.get(\"Architectures\")", script, StringComparison.Ordinal);
        Match rid = RidMapping().Match(script);
        Assert.True(rid.Success, "package.sh must map arm64 to linux-arm64 and everything else to linux-x64 in rid_of()");
        Assert.Contains("[[ $arch == x86_64 || $arch == arm64 ]]", script, StringComparison.Ordinal);
    }

    [Fact]
    public void PackageScript_FailsOnGlibcNewerThanAmazonLinux2023()
    {
        string script = File.ReadAllText(RepoPaths.Combine("deploy", "package.sh"));

        Assert.Contains("GLIBC_MAX=2.34", script, StringComparison.Ordinal);
        Assert.Contains("check_glibc \"$dir\"", script, StringComparison.Ordinal);
        Assert.Contains("check_contents \"$dir\" \"$handler\"", script, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"rid_of\(\) \{ \[ ""\$1"" = arm64 \] && echo linux-arm64 \|\| echo linux-x64; \}")]
    private static partial Regex RidMapping();
}
