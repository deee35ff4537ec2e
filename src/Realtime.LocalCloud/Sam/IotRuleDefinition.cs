namespace Realtime.LocalCloud.Sam;

/// <summary>An IoTRule event of a function: the rule's SQL and the function it invokes asynchronously.</summary>
internal sealed record IotRuleDefinition(string Name, string Sql, string? SqlVersion, string FunctionName);
