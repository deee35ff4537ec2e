using System.Globalization;
using System.Text.RegularExpressions;
using Realtime.Shared;

namespace Realtime.Lambda;

/// <summary>
/// Reads a function's settings one variable at a time; every failure is a <see cref="LambdaConfigurationException"/> whose
/// message names the variable and says what is expected (it becomes the init error Lambda shows).
/// </summary>
/// <param name="environment">Where the variables come from.</param>
public sealed partial class EnvironmentSettings(IEnvironmentVariables environment)
{
    /// <summary>The variable Lambda sets to the function's region.</summary>
    public const string RegionVariable = "AWS_REGION";

    // Values can be long (a pasted URL or policy); the message only needs enough to recognise it.
    private const int MaxQuotedLength = 80;

    /// <summary>The trimmed value of <paramref name="name"/>, or null when it is unset or blank.</summary>
    public string? Optional(string name)
    {
        string? value = environment.Get(name);
        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }

    /// <summary>The trimmed value of <paramref name="name"/>; when unset or blank, throws "NAME is not set (hint)."</summary>
    public string Required(string name, string hint)
        => Optional(name) ?? throw new LambdaConfigurationException($"{name} is not set ({hint}).");

    /// <summary>A whole number from <paramref name="min"/> to <paramref name="max"/> (no sign, no spaces), or null when unset.</summary>
    /// <param name="name">The variable.</param>
    /// <param name="min">The smallest accepted value.</param>
    /// <param name="max">The largest accepted value.</param>
    /// <param name="unit">What the number counts, for the message: "expected whole {unit} from min to max".</param>
    public int? OptionalInt(string name, int min, int max, string unit)
    {
        string? text = Optional(name);
        if (text is null)
        {
            return null;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) && value >= min && value <= max
            ? value
            : throw Invalid(name, text, $"expected whole {unit} from {min} to {max}");
    }

    /// <summary>A duration in whole seconds from <paramref name="min"/> to <paramref name="max"/>, or <paramref name="fallback"/> when unset.</summary>
    public TimeSpan Seconds(string name, TimeSpan fallback, int min, int max)
        => OptionalInt(name, min, max, "seconds") is int seconds ? TimeSpan.FromSeconds(seconds) : fallback;

    /// <summary>AWS_REGION (required), checked to look like a region name such as us-east-1.</summary>
    public string Region()
    {
        string region = Required(RegionVariable, "Lambda sets it; locally set it to e.g. us-east-1");
        return RegionPattern().IsMatch(region)
            ? region
            : throw Invalid(RegionVariable, region, "expected a region name such as us-east-1");
    }

    /// <summary>
    /// The value of <paramref name="name"/> turned into a <typeparamref name="T"/> by a library's <paramref name="parse"/>, or null
    /// when unset; a <see cref="FormatException"/> from it (whose message says what is expected) becomes the invalid-value error.
    /// </summary>
    public T? Optional<T>(string name, Func<string, T> parse)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(parse);
        string? value = Optional(name);
        if (value is null)
        {
            return null;
        }

        try
        {
            return parse(value);
        }
        catch (FormatException ex)
        {
            throw Invalid(name, value, ex.Message.TrimEnd('.'));
        }
    }

    /// <summary>
    /// The error for a value that is set but wrong: "NAME has an invalid value 'value': expectation." A URL-like value (one
    /// with "://") is quoted with its X-Amz-Signature, X-Amz-Security-Token and user-info password replaced by REDACTED.
    /// </summary>
    public static LambdaConfigurationException Invalid(string name, string value, string expectation)
    {
        ArgumentNullException.ThrowIfNull(value);
        // The message reaches the init error and the log, and a pasted presigned URL carries bearer credentials. Redact
        // before shortening: a cut inside a user-info password drops the '@' that marks it as one.
        string shown = value.Contains("://", StringComparison.Ordinal) ? UrlRedaction.RedactUrl(value) : value;
        string quoted = shown.Length > MaxQuotedLength ? shown[..MaxQuotedLength] + "…" : shown;
        return new($"{name} has an invalid value '{quoted}': {expectation}.");
    }

    [GeneratedRegex("^[a-z]{2}(-[a-z0-9]+)+-[0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex RegionPattern();
}
