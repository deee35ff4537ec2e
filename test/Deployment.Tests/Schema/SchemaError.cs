namespace Deployment.Tests.Schema;

/// <summary>One schema violation: where in the instance (<c>$.Resources.X.Properties</c>) and what is wrong.</summary>
/// <param name="Path">Where in the instance.</param>
/// <param name="Message">What is wrong.</param>
/// <param name="IsMismatch">A type/enum/const/pattern failure: the value is of another kind, not a flawed one of this kind.</param>
internal sealed record SchemaError(string Path, string Message, bool IsMismatch = false)
{
    public int Depth => Path.Count(c => c == '.' || c == '[');

    public override string ToString() => $"{Path}: {Message}";
}
