namespace Realtime.Lambda;

/// <summary>Reads the real process environment.</summary>
public sealed class SystemEnvironmentVariables : IEnvironmentVariables
{
    /// <inheritdoc />
    public string? Get(string name) => Environment.GetEnvironmentVariable(name);
}
