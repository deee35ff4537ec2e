namespace Realtime.Lambda;

/// <summary>Reads environment variables; an interface so tests never touch the real environment.</summary>
public interface IEnvironmentVariables
{
    /// <summary>The variable's value, or null when it is not set.</summary>
    string? Get(string name);
}
