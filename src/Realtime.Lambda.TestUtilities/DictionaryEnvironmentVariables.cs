namespace Realtime.Lambda.TestUtilities;

/// <summary>Environment variables from a dictionary, so tests never touch the process environment.</summary>
/// <example><code>var env = new DictionaryEnvironmentVariables { ["AWS_REGION"] = "us-east-1" };</code></example>
public sealed class DictionaryEnvironmentVariables : IEnvironmentVariables
{
    private readonly Dictionary<string, string> _values;

    /// <summary>Creates an empty set of variables.</summary>
    public DictionaryEnvironmentVariables()
    {
        _values = new Dictionary<string, string>(StringComparer.Ordinal);
    }

    /// <summary>Creates variables from the given name/value pairs (names are case-sensitive, as on Linux).</summary>
    public DictionaryEnvironmentVariables(IEnumerable<KeyValuePair<string, string>> values)
    {
        _values = new Dictionary<string, string>(values, StringComparer.Ordinal);
    }

    /// <summary>Gets or sets a variable; setting null removes it.</summary>
    public string? this[string name]
    {
        get => Get(name);
        set
        {
            if (value is null)
            {
                _values.Remove(name);
            }
            else
            {
                _values[name] = value;
            }
        }
    }

    /// <inheritdoc />
    public string? Get(string name) => _values.GetValueOrDefault(name);
}
