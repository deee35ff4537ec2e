using System.Diagnostics;
using Deployment.Tests.Template;

namespace Deployment.Tests.Tests;

/// <summary>
/// Directory.Build.props decides "is this a source project" from the path relative to the repository, with normalized
/// separators, so the answer does not depend on '/' vs '\' or on a "src" folder above the checkout. Evaluated by MSBuild
/// on a copy of the file in a checkout that itself lives under a folder named src.
/// </summary>
public sealed class BuildSettingsTests : IDisposable
{
    private readonly string _checkout = Path.Combine(Directory.CreateTempSubdirectory("build-settings-").FullName, "src", "checkout");

    public BuildSettingsTests()
    {
        Directory.CreateDirectory(_checkout);
        File.Copy(RepoPaths.Combine("Directory.Build.props"), Path.Combine(_checkout, "Directory.Build.props"));
    }

    [Fact]
    public async Task SourceProjects_AreAotCompatible_TestProjectsAreNot_EvenUnderAFolderNamedSrc()
    {
        Assert.Equal("true", await EvaluateAsync("src/Library/Library.csproj", "IsAotCompatible"));
        Assert.Equal("", await EvaluateAsync("test/Library.Tests/Library.Tests.csproj", "IsAotCompatible"));
    }

    [Fact]
    public void BuildFiles_DoNotCompareRawPathsWithASeparator()
    {
        foreach (string file in new[] { "Directory.Build.props", "Directory.Build.targets" })
        {
            string text = File.ReadAllText(RepoPaths.Combine(file));
            Assert.DoesNotContain("Contains('/", text, StringComparison.Ordinal);
            Assert.DoesNotContain("Contains('\\", text, StringComparison.Ordinal);
        }
    }

    private async Task<string> EvaluateAsync(string project, string property)
    {
        string path = Path.Combine(_checkout, project);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, "<Project Sdk=\"Microsoft.NET.Sdk\" />");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _checkout };
        foreach (string argument in new[] { "msbuild", path, "-nologo", $"-getProperty:{property}" })
        {
            info.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(info)!;
        Task<string> error = process.StandardError.ReadToEndAsync();
        string output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));
        Assert.True(process.ExitCode == 0, $"dotnet msbuild {project} failed: {output}{await error}");
        return output.Trim();
    }

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(Path.GetDirectoryName(_checkout)!)!, recursive: true);
}
