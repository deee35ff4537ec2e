using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Deployment.Tests.Template;

namespace Deployment.Tests.Tests;

/// <summary>aws-lambda-tools-defaults.json: what `dotnet lambda deploy-serverless` reads, consistent with the template and projects.</summary>
public sealed class ToolsDefaultsTests
{
    private static JsonObject Defaults => JsonNode.Parse(File.ReadAllText(RepoPaths.ToolsDefaultsFile))!.AsObject();

    [Fact]
    public void Defaults_HaveTheKeysDeployServerlessReads()
    {
        var defaults = Defaults;

        foreach (string key in new[] { "region", "configuration", "framework", "s3-prefix", "template", "stack-name", "template-parameters" })
        {
            Assert.False(string.IsNullOrWhiteSpace((string?)defaults[key]), $"aws-lambda-tools-defaults.json needs \"{key}\"");
        }

        Assert.True((bool?)defaults["resolve-s3"], "resolve-s3 lets the tool create its bucket, so no s3-bucket is needed");
        Assert.Equal("Release", (string?)defaults["configuration"]);
        Assert.EndsWith("/", (string?)defaults["s3-prefix"]);
        // Amazon.Lambda.Tools passes msbuild-parameters only when CodeUri is the template's own folder; ours are
        // src/<Function>/, so the key would be silently ignored (docs/deploy.md, "Build settings and the deploy tool").
        Assert.Null(defaults["msbuild-parameters"]);
    }

    [Fact]
    public void Template_IsTheRepositorysTemplate()
        => Assert.Equal(RepoPaths.TemplateFile, RepoPaths.Combine((string)Defaults["template"]!));

    [Fact]
    public void Framework_MatchesEveryFunctionProject()
    {
        string framework = (string)Defaults["framework"]!;

        foreach (string function in Fixtures.Template.ResourcesOfType(SamTemplate.FunctionType))
        {
            string project = Directory.GetFiles(FunctionProjectTests.CodeFolder(function), "*.csproj").Single();
            Assert.Equal(framework, FunctionProjectTests.EffectiveTargetFramework(project));
        }
    }

    [Fact]
    public void TemplateParameters_AreEveryParameterButTheEndpoint_WithTheTemplatesDefaults()
    {
        var template = Fixtures.Template;
        var pairs = ParseTemplateParameters((string)Defaults["template-parameters"]!);

        Assert.Equal(
            template.Parameters.Select(p => p.Key).Where(k => k != "IotEndpointHost").Order(StringComparer.Ordinal),
            pairs.Keys.Order(StringComparer.Ordinal));
        foreach ((string name, string value) in pairs)
        {
            Assert.Equal(template.ParameterDefault(name), value);
            AssertSatisfiesConstraints(template.Parameters[name]!.AsObject(), name, value);
        }
    }

    [Fact]
    public void StackName_IsValidAndShortEnoughForDerivedNames()
    {
        string stack = (string)Defaults["stack-name"]!;

        Assert.Matches("^[A-Za-z][A-Za-z0-9-]{0,127}$", stack);
        Assert.Equal(SamTemplate.StackName, stack);
    }

    [Fact]
    public void Region_IsARegionName()
        => Assert.Matches("^[a-z]{2}(-[a-z]+)+-[0-9]$", (string)Defaults["region"]!);

    /// <summary>Amazon.Lambda.Tools' format: <c>Key1=Value1;Key2=Value2</c>.</summary>
    private static Dictionary<string, string> ParseTemplateParameters(string text)
    {
        var pairs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string pair in text.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            int equals = pair.IndexOf('=', StringComparison.Ordinal);
            Assert.True(equals > 0, $"template-parameters entry '{pair}' is not Key=Value");
            Assert.True(pairs.TryAdd(pair[..equals].Trim(), pair[(equals + 1)..].Trim()), $"duplicate template parameter in '{pair}'");
        }

        return pairs;
    }

    private static void AssertSatisfiesConstraints(JsonObject parameter, string name, string value)
    {
        if (parameter["AllowedPattern"] is JsonNode pattern)
        {
            Assert.Matches($"^(?:{(string)pattern!})$", value);
        }

        if (parameter["AllowedValues"] is JsonArray allowed)
        {
            Assert.Contains(value, allowed.Select(a => SamTemplate.AsString(a!)));
        }

        if ((string?)parameter["Type"] == "Number")
        {
            double number = double.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(parameter["MinValue"] is null || number >= (double)parameter["MinValue"]!, $"{name} below MinValue");
            Assert.True(parameter["MaxValue"] is null || number <= (double)parameter["MaxValue"]!, $"{name} above MaxValue");
        }
    }
}
