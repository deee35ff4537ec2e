namespace Realtime.LocalCloud.Sam;

/// <summary>What the local cloud reads from serverless.template: functions, roles, the HTTP API and the IoT rules.</summary>
internal sealed record LocalTemplate(
    IReadOnlyList<FunctionDefinition> Functions,
    IReadOnlyDictionary<string, RoleDefinition> Roles,
    IReadOnlyList<HttpRoute> Routes,
    CorsConfiguration? Cors,
    IReadOnlyList<IotRuleDefinition> IotRules,
    IReadOnlyList<string> Warnings)
{
    /// <summary>The DynamoDB tables (AWS::DynamoDB::Table) the local DynamoDB endpoint serves.</summary>
    public IReadOnlyList<DynamoDb.TableDefinition> Tables { get; init; } = [];

    public FunctionDefinition Function(string name) =>
        Functions.FirstOrDefault(f => f.Name == name) ?? throw new TemplateException($"no function named '{name}' in the template");
}
