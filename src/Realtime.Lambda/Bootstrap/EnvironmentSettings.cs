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
    /// Runs a reader from a library that does not know this exception type (e.g. <c>AwsCredentials.FromEnvironment</c>) and turns
    /// its <see cref="InvalidOperationException"/> or <see cref="ArgumentException"/> into a <see cref="LambdaConfigurationException"/>
    /// with the same message, which must name the variable (and never a secret value).
    /// </summary>
    public static T Read<T>(Func<T> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        try
        {
            return read();
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException)
        {
            throw new LambdaConfigurationException(ex.Message, ex);
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
