namespace Deployment.Tests.Sql;

/// <summary>One item of a rule's SELECT list: an expression and its optional <c>AS</c> alias.</summary>
internal sealed record SelectItem(string Expression, string? Alias);
