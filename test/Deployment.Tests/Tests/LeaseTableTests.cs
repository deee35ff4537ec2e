using System.Text.Json.Nodes;
using Deployment.Tests.Template;

namespace Deployment.Tests.Tests;

/// <summary>The channel lease table (one responder per channel): its shape, its TTL, and least privilege on it.</summary>
public sealed class LeaseTableTests
{
    private static JsonObject TableProperties() => Fixtures.Template.Resource("LeaseTable")["Properties"]!.AsObject();

    [Fact]
    public void LeaseTable_IsKeyedByChannelId_OnDemand_WithTtlOnTheTtlAttribute()
    {
        var template = Fixtures.Template;
        Assert.Equal("AWS::DynamoDB::Table", (string?)template.Resource("LeaseTable")["Type"]);
        JsonObject props = TableProperties();

        var key = Assert.Single(props["KeySchema"]!.AsArray())!;
        Assert.Equal(("channelId", "HASH"), ((string?)key["AttributeName"], (string?)key["KeyType"]));
        var attribute = Assert.Single(props["AttributeDefinitions"]!.AsArray())!;
        Assert.Equal(("channelId", "S"), ((string?)attribute["AttributeName"], (string?)attribute["AttributeType"]));
        Assert.Equal("PAY_PER_REQUEST", (string?)props["BillingMode"]);
        // The attribute the responder writes (DynamoDbLeaseStore.TtlAttribute): garbage collection of forgotten leases.
        Assert.Equal("ttl", (string?)props["TimeToLiveSpecification"]!["AttributeName"]);
        Assert.True((bool)props["TimeToLiveSpecification"]!["Enabled"]!);
        Assert.Null(props["TableName"]); // CloudFormation names it per stack, so two stacks never share leases
    }

    [Fact]
    public void OnlyTheResponderRole_HasDynamoDbRights_OnlyTheThreeConditionalWrites_OnlyOnTheLeaseTable()
    {
        var template = Fixtures.Template;
        var statements = IamStatement.All(template, template.Evaluator())
            .Where(s => s.Actions.Any(a => a.StartsWith("dynamodb:", StringComparison.OrdinalIgnoreCase)))
            .ToList();

        var statement = Assert.Single(statements);
        Assert.Equal("ref(ResponderFunctionRole)", statement.Role);
        Assert.Equal(["dynamodb:DeleteItem", "dynamodb:PutItem", "dynamodb:UpdateItem"], statement.Actions.Order(StringComparer.Ordinal));
        Assert.Equal(["getatt(LeaseTable.Arn)"], statement.Resources);
        Assert.Equal("Allow", statement.Effect);
    }

    [Fact]
    public void TheResponder_GetsTheTableNameAndTheLeaseDuration()
    {
        var variables = EnvironmentTests.TemplateVariables("ResponderFunction", new Dictionary<string, string> { ["ResponderLeaseSeconds"] = "45" });

        Assert.Equal("ref(LeaseTable)", variables["LEASE_TABLE_NAME"]);
        Assert.Equal("45", variables["LEASE_SECONDS"]);
        Assert.Equal("30", Fixtures.Template.ParameterDefault("ResponderLeaseSeconds"));
        Assert.False(EnvironmentTests.TemplateVariables("SessionFunction").ContainsKey("LEASE_TABLE_NAME"));
    }

    [Fact]
    public void LeaseSeconds_IsBoundedLikeTheCode()
    {
        var parameter = Fixtures.Template.Parameters["ResponderLeaseSeconds"]!;

        // LeaseConfig accepts 3..300; a template value outside would fail every init.
        Assert.Equal((3, 300), ((int)parameter["MinValue"]!, (int)parameter["MaxValue"]!));
    }
}
