using System.Text.Json;
using Realtime.Channels;
using SessionFunction.Configuration;
using SessionFunction.Credentials;
using SessionFunction.Sessions;

namespace SessionFunction.Tests.Credentials;

public sealed class SessionPolicyTests
{
    private static readonly ClientRoleArn Role = Parse("arn:aws:iam::123456789012:role/browser-client");

    [Fact]
    public void Build_WithoutSharedTopic_AllowsOnlyTheChannel()
    {
        string policy = SessionPolicy.Build(Scope("foobar", "0123456789abcdef0123", shared: null), Role, "us-east-1");

        const string Arn = "arn:aws:iot:us-east-1:123456789012:";
        Assert.Equal(
            "{\"Version\":\"2012-10-17\",\"Statement\":[" +
            $"{{\"Effect\":\"Allow\",\"Action\":\"iot:Connect\",\"Resource\":\"{Arn}client/client-0123456789abcdef0123\"}}," +
            $"{{\"Effect\":\"Allow\",\"Action\":\"iot:Subscribe\",\"Resource\":\"{Arn}topicfilter/foobar/0123456789abcdef0123/response\"}}," +
            $"{{\"Effect\":\"Allow\",\"Action\":\"iot:Receive\",\"Resource\":\"{Arn}topic/foobar/0123456789abcdef0123/response\"}}," +
            $"{{\"Effect\":\"Allow\",\"Action\":\"iot:Publish\",\"Resource\":[\"{Arn}topic/foobar/0123456789abcdef0123/request\",\"{Arn}topic/foobar/session\"]}}" +
            "]}",
            policy);
    }

    [Fact]
    public void Build_WithSharedTopic_AddsSubscribeReceiveAndPublishOnIt()
    {
        string policy = SessionPolicy.Build(Scope("foobar", "abc", shared: "lobby"), Role, "eu-west-1");

        const string Arn = "arn:aws:iot:eu-west-1:123456789012:";
        Assert.Equal(
            "{\"Version\":\"2012-10-17\",\"Statement\":[" +
            $"{{\"Effect\":\"Allow\",\"Action\":\"iot:Connect\",\"Resource\":\"{Arn}client/client-abc\"}}," +
            $"{{\"Effect\":\"Allow\",\"Action\":\"iot:Subscribe\",\"Resource\":[\"{Arn}topicfilter/foobar/abc/response\",\"{Arn}topicfilter/foobar/lobby\"]}}," +
            $"{{\"Effect\":\"Allow\",\"Action\":\"iot:Receive\",\"Resource\":[\"{Arn}topic/foobar/abc/response\",\"{Arn}topic/foobar/lobby\"]}}," +
            $"{{\"Effect\":\"Allow\",\"Action\":\"iot:Publish\",\"Resource\":[\"{Arn}topic/foobar/abc/request\",\"{Arn}topic/foobar/session\",\"{Arn}topic/foobar/lobby\"]}}" +
            "]}",
            policy);
    }

    [Fact]
    public void Build_TakesPartitionAndAccountFromTheRoleArn()
    {
        string policy = SessionPolicy.Build(
            Scope("foobar", "abc", shared: null), Parse("arn:aws-cn:iam::210987654321:role/x"), "cn-north-1");

        Assert.Contains("\"arn:aws-cn:iot:cn-north-1:210987654321:client/client-abc\"", policy);
        Assert.DoesNotContain("123456789012", policy);
    }

    [Fact]
    public void Build_LongestIdsAndNames_StaysUnderTheStsLimit()
    {
        string channelId = new('c', ChannelId.MaxLength);
        string prefix = new('p', TopicPrefix.MaxLength);
        string shared = new('s', ChannelTopics.MaxSharedNameLength);
        var role = Parse("arn:aws-us-gov:iam::123456789012:role/browser-client");

        string policy = SessionPolicy.Build(Scope(prefix, channelId, shared), role, "us-gov-west-1");

        Assert.Equal(64, channelId.Length);
        Assert.Equal(32, prefix.Length);
        Assert.True(policy.Length < SessionPolicy.MaxLength, $"{policy.Length} characters");
        Assert.Equal(1430, policy.Length); // the margin the docs quote: 618 characters to spare
        using JsonDocument document = JsonDocument.Parse(policy); // and it is well-formed JSON
        Assert.Equal(4, document.RootElement.GetProperty("Statement").GetArrayLength());
    }

    [Fact]
    public void Build_NeverContainsIamWildcards()
    {
        // A '*' or '?' in a resource would widen the grant; ids and names are validated so none can appear.
        string policy = SessionPolicy.Build(Scope("foobar", "0123456789abcdef0123", "lobby"), Role, "us-east-1");

        Assert.DoesNotContain('*', policy);
        Assert.DoesNotContain('?', policy);
        Assert.DoesNotContain("iot:*", policy);
    }

    [Fact]
    public void RoleSessionName_IsTheClientIdCutTo64Characters()
    {
        Assert.Equal("client-abc", StsCredentialsIssuer.RoleSessionName(Scope("foobar", "abc", null)));
        string longName = StsCredentialsIssuer.RoleSessionName(Scope("foobar", new string('c', 64), null));
        Assert.Equal(64, longName.Length);
        Assert.StartsWith("client-ccc", longName);
    }

    internal static SessionScope Scope(string prefix, string channelId, string? shared)
    {
        ChannelId id = ChannelId.Parse(channelId);
        return new SessionScope(id, ClientIds.ForClient(id), ChannelTopics.For(TopicPrefix.Parse(prefix), id, shared));
    }

    private static ClientRoleArn Parse(string arn)
    {
        Assert.True(ClientRoleArn.TryParse(arn, out ClientRoleArn? role));
        return role!;
    }
}
