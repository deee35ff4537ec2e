using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Deployment.Tests.Template;

namespace Deployment.Tests.Tests;

/// <summary>
/// The template sets every environment variable a function's configuration reads, and nothing the code never reads
/// (a misspelt name in the template would silently fall back to a default).
/// </summary>
public sealed partial class EnvironmentTests
{
    /// <summary>Set by Lambda itself (https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime).</summary>
    private static readonly HashSet<string> LambdaProvided =
    [
        "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
        "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_VERSION", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "AWS_LAMBDA_RUNTIME_API",
        "AWS_LAMBDA_LOG_FORMAT", "AWS_LAMBDA_LOG_LEVEL", "AWS_LAMBDA_LOG_GROUP_NAME", "AWS_LAMBDA_LOG_STREAM_NAME",
        "AWS_LAMBDA_INITIALIZATION_TYPE", "AWS_EXECUTION_ENV", "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR",
    ];

    /// <summary>Overrides for the local cloud and tests; never set in AWS (CONTRACTS.md, Environment variables).</summary>
    private static readonly HashSet<string> LocalOnly = ["AWS_IOT_ENDPOINT_URL", "AWS_ENDPOINT_URL_STS", "AWS_ENDPOINT_URL_DYNAMODB", "AWS_ENDPOINT_URL"];

    public static TheoryData<string> Functions => [.. Fixtures.Template.ResourcesOfType(SamTemplate.FunctionType)];

    [Theory]
    [MemberData(nameof(Functions))]
    public void EveryVariableTheConfigurationReads_IsSetByTheTemplateOrByLambda(string function)
    {
        // With every optional feature on, so conditional variables (SHARED_TOPIC) are present too.
        var set = TemplateVariables(function, new Dictionary<string, string> { ["SharedTopic"] = "lobby" }).Keys;
        var missing = VariablesReadByConfiguration(function)
            .Where(name => !set.Contains(name) && !LambdaProvided.Contains(name) && !LocalOnly.Contains(name))
            .ToList();

        Assert.True(missing.Count == 0, $"{function} reads {string.Join(", ", missing)}, which serverless.template does not set.");
    }

    [Theory]
    [MemberData(nameof(Functions))]
    public void EveryVariableTheTemplateSets_IsReadByTheFunction(string function)
    {
        var read = VariablesReadAnywhere(function);
        var unused = TemplateVariables(function).Keys.Where(name => !read.Contains(name)).ToList();

        Assert.True(unused.Count == 0, $"serverless.template sets {string.Join(", ", unused)} on {function}, which its code never reads (misspelt?).");
    }

    [Fact]
    public void Template_NeverSetsReservedOrSecretVariables()
    {
        foreach (string function in Fixtures.Template.ResourcesOfType(SamTemplate.FunctionType))
        {
            foreach (string name in TemplateVariables(function).Keys)
            {
                Assert.DoesNotContain(name, LambdaProvided);
                Assert.DoesNotContain(name, LocalOnly);
            }
        }
    }

    [Fact]
    public void SessionFunction_GetsTheClientRoleAndTheSharedTopicOnlyWhenEnabled()
    {
        var enabled = TemplateVariables("SessionFunction", new Dictionary<string, string> { ["SharedTopic"] = "lobby" });
        var disabled = TemplateVariables("SessionFunction"); // the default: no shared topic

        Assert.Equal("getatt(ClientRole.Arn)", enabled["CLIENT_ROLE_ARN"]);
        Assert.Equal("lobby", enabled["SHARED_TOPIC"]);
        Assert.False(disabled.ContainsKey("SHARED_TOPIC"), "the default (empty) SharedTopic must leave SHARED_TOPIC unset (disabled).");
    }

    [Fact]
    public void Functions_ShareEndpointAndPrefixThroughGlobals()
    {
        foreach (string function in Fixtures.Template.ResourcesOfType(SamTemplate.FunctionType))
        {
            var variables = TemplateVariables(function, new Dictionary<string, string> { ["TopicPrefix"] = "demo" });
            Assert.Equal("example-ats.iot.us-east-1.amazonaws.com", variables["AWS_IOT_HOST"]);
            Assert.Equal("demo", variables["TOPIC_PREFIX"]);
        }
    }

    internal static Dictionary<string, string> TemplateVariables(string function, IReadOnlyDictionary<string, string>? parameters = null)
    {
        var template = Fixtures.Template;
        var evaluator = template.Evaluator(parameters);
        var variables = evaluator.Resolve(template.FunctionProperties(function)["Environment"]?["Variables"]) as JsonObject ?? [];
        return variables.ToDictionary(v => v.Key, v => SamTemplate.AsString(v.Value!), StringComparer.Ordinal);
    }

    /// <summary>Names in the function's configuration files (a path containing Config or Environment), e.g. EnvironmentNames.cs.</summary>
    private static HashSet<string> VariablesReadByConfiguration(string function)
    {
        var files = SourceFiles(function)
            .Where(f => ConfigurationPath().IsMatch(Path.GetRelativePath(FunctionProjectTests.CodeFolder(function), f)))
            .ToList();
        Assert.True(files.Count > 0, $"{function}: no configuration source (a .cs file whose path contains 'Config' or 'Environment') to read variable names from.");
        var names = Names(files);
        Assert.True(names.Count > 0, $"{function}: its configuration files name no environment variables.");
        return names;
    }

    private static HashSet<string> VariablesReadAnywhere(string function) => Names(SourceFiles(function));

    private static HashSet<string> Names(IEnumerable<string> files)
        => files.SelectMany(f => VariableLiteral().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value)).ToHashSet(StringComparer.Ordinal);

    private static IEnumerable<string> SourceFiles(string function)
    {
        string folder = FunctionProjectTests.CodeFolder(function);
        return Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(folder, f).Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"));
    }

    [GeneratedRegex("\"([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)\"")]
    private static partial Regex VariableLiteral();

    [GeneratedRegex("Config|Environment", RegexOptions.IgnoreCase)]
    private static partial Regex ConfigurationPath();
}
