using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Deployment.Tests.Template;
using Realtime.Channels;
using Realtime.LocalCloud.Sam;

namespace Deployment.Tests.Tests;

/// <summary>Parameters (descriptions, defaults, constraints that agree with the code), outputs, and the intrinsics used.</summary>
public sealed class ParametersAndOutputsTests
{
    [Fact]
    public void Parameters_AreTheDocumentedSet_EachWithADescription()
    {
        var parameters = Fixtures.Template.Parameters;

        Assert.Equal(
            ["AlarmTopicArn", "AllowedOrigin", "IotEndpointHost", "LogRetentionDays", "ResponderLeaseSeconds", "ResponderMemorySize",
             "ResponderReservedConcurrency", "SessionIdleSeconds", "SessionMemorySize", "SharedTopic", "TopicPrefix"],
            parameters.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.All(parameters, p => Assert.False(string.IsNullOrWhiteSpace((string?)p.Value!["Description"]), $"{p.Key} needs a Description"));
    }

    [Fact]
    public void OnlyTheEndpointHost_HasNoDefault_AndItsDescriptionSaysHowToGetIt()
    {
        var parameters = Fixtures.Template.Parameters;

        Assert.Equal(["IotEndpointHost"], parameters.Where(p => p.Value!["Default"] is null).Select(p => p.Key));
        Assert.Contains("aws iot describe-endpoint --endpoint-type iot:Data-ATS", (string?)parameters["IotEndpointHost"]!["Description"]);
    }

    [Theory]
    [InlineData("foobar")]
    [InlineData("a")]
    [InlineData("A_b-9")]
    [InlineData("abcdefghijklmnopqrstuvwxyz012345")]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456")]
    [InlineData("")]
    [InlineData("foo/bar")]
    [InlineData("foo+")]
    [InlineData("#")]
    [InlineData("foo bar")]
    public void TopicPrefix_AllowedPattern_AgreesWithTheChannelProtocol(string candidate)
    {
        // CloudFormation matches AllowedPattern against the whole value.
        string pattern = (string)Fixtures.Template.Parameters["TopicPrefix"]!["AllowedPattern"]!;

        Assert.Equal(TopicPrefix.TryParse(candidate, out _), Regex.IsMatch(candidate, $"^(?:{pattern})$"));
    }

    [Theory]
    [InlineData("lobby")]
    [InlineData("")]
    [InlineData("x")]
    [InlineData("a/b")]
    [InlineData("+")]
    [InlineData("session")] // the session topic's own level: the code refuses it at init, so the template must too
    [InlineData("sessions")]
    [InlineData("Session")]
    [InlineData("my-session")]
    [InlineData("session-2")]
    public void SharedTopic_AllowedPattern_AcceptsEmptyOrAValidSharedName(string candidate)
    {
        // The (?!session$) lookahead means the same in CloudFormation (Java regex, whole value) and in .NET.
        string pattern = (string)Fixtures.Template.Parameters["SharedTopic"]!["AllowedPattern"]!;
        bool valid = candidate.Length == 0 || ChannelTopics.IsValidSharedName(candidate);

        Assert.Equal(valid, Regex.IsMatch(candidate, $"^(?:{pattern})$"));
    }

    [Fact]
    public void Defaults_AreValidForTheCode()
    {
        var template = Fixtures.Template;

        Assert.True(TopicPrefix.TryParse(template.ParameterDefault("TopicPrefix"), out _));
        // Secure by default: no shared topic, so a browser's credentials reach its own channel only (issue 2, item 6).
        Assert.Equal("", template.ParameterDefault("SharedTopic"));
        Assert.Equal("*", template.ParameterDefault("AllowedOrigin"));
        Assert.Equal("30", template.ParameterDefault("SessionIdleSeconds"));
    }

    [Fact]
    public void Outputs_GiveTheSessionUrlTheEndpointAndTheTopics()
    {
        var template = Fixtures.Template;
        var outputs = template.Evaluator().Resolve(template.Root["Outputs"])!.AsObject();

        Assert.Equal("https://ref(SessionApi).execute-api.us-east-1.amazonaws.com/", (string?)outputs["SessionUrl"]!["Value"]);
        Assert.Equal("example-ats.iot.us-east-1.amazonaws.com", (string?)outputs["IotEndpointHost"]!["Value"]);
        Assert.Equal(ChannelTopics.SessionTopic(TopicPrefix.Default), (string?)outputs["SessionTopic"]!["Value"]);
        Assert.Equal("foobar/<channelId>/request", (string?)outputs["RequestTopicPattern"]!["Value"]);
        Assert.Equal("foobar/<channelId>/response", (string?)outputs["ResponseTopicPattern"]!["Value"]);
        Assert.Equal("HasSharedTopic", (string?)outputs["SharedTopicName"]!["Condition"]);
    }

    [Fact]
    public void Template_UsesOnlyIntrinsicsTheLocalCloudEvaluates()
    {
        var used = new SortedSet<string>(StringComparer.Ordinal);
        Collect(Fixtures.TemplateNode, used);

        Assert.Subset(IntrinsicResolver.Supported.ToHashSet(), used);
        // Evaluating everything must not throw for either setting of the optional features.
        foreach (var parameters in new[] { new Dictionary<string, string>(), new() { ["SharedTopic"] = "", ["ResponderReservedConcurrency"] = "-1" } })
        {
            Assert.NotNull(Fixtures.Template.Evaluator(parameters).Resolve(Fixtures.Template.Root["Resources"]));
        }
    }

    private static void Collect(JsonNode? node, ISet<string> used)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach ((string key, JsonNode? value) in obj)
                {
                    if (key == "Ref" || key.StartsWith("Fn::", StringComparison.Ordinal) || (key == "Condition" && value is JsonValue && obj.Count == 1))
                    {
                        used.Add(key);
                    }

                    Collect(value, used);
                }

                break;
            case JsonArray array:
                foreach (JsonNode? item in array)
                {
                    Collect(item, used);
                }

                break;
        }
    }
}
