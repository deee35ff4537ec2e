using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Deployment.Tests.Template;
using ResponderFunction.Configuration;
using SessionFunction.Configuration;

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

    /// <summary>Overrides for the local cloud and tests; never set in AWS (docs/local-cloud.md).</summary>
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
        var read = VariablesReadByConfiguration(function);
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

    [Theory]
    [InlineData("SessionFunction", "docs/session.md")]
    [InlineData("ResponderFunction", "docs/responder.md")]
    public void DocsConfigurationTable_ListsExactlyTheVariablesTheConfigurationReads(string function, string doc)
    {
        var documented = DocumentedVariables(File.ReadAllText(RepoPaths.Combine(doc)));
        var read = VariablesReadByConfiguration(function);

        Assert.True(read.SetEquals(documented),
            $"{doc} documents [{string.Join(", ", documented.Order())}] but {function}'s configuration reads [{string.Join(", ", read.Order())}].");
    }

    [Fact]
    public void DocsCheck_WouldCatchAMissingRow()
    {
        const string Table = "### Configuration\n\n| Variable | Default | Rule |\n|---|---|---|\n| `TOPIC_PREFIX` | `foobar` | x |\n\n## Next";

        Assert.Equal(["TOPIC_PREFIX"], DocumentedVariables(Table));
        Assert.False(DocumentedVariables(Table).SetEquals(SessionConfig.Variables));
    }

    /// <summary>The variables in the first column of the table under the page's "### Configuration" heading.</summary>
    private static HashSet<string> DocumentedVariables(string markdown)
    {
        int start = markdown.IndexOf("### Configuration", StringComparison.Ordinal);
        Assert.True(start >= 0, "no '### Configuration' section");
        var rows = markdown[start..].Split('\n').Skip(1).SkipWhile(l => !l.StartsWith('|')).TakeWhile(l => l.StartsWith('|')).Skip(2);
        return rows.SelectMany(row => VariableName().Matches(row.Split('|')[1]).Select(m => m.Groups[1].Value))
            .Where(name => !name.StartsWith("AWS_LAMBDA_", StringComparison.Ordinal))
            .ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The variables the function's configuration type says it reads.</summary>
    private static HashSet<string> VariablesReadByConfiguration(string function) => function switch
    {
        "SessionFunction" => SessionConfig.Variables.ToHashSet(StringComparer.Ordinal),
        "ResponderFunction" => ResponderConfig.Variables.ToHashSet(StringComparer.Ordinal),
        _ => throw new InvalidOperationException($"No configuration type known for {function}: add it here."),
    };

    [GeneratedRegex("`([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)`")]
    private static partial Regex VariableName();
}
