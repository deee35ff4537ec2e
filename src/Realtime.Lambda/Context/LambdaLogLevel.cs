namespace Realtime.Lambda;

/// <summary>Log levels, with the names Lambda's JSON log format uses.</summary>
public enum LambdaLogLevel
{
    /// <summary>Finest detail.</summary>
    Trace,
    /// <summary>Diagnostics for developers.</summary>
    Debug,
    /// <summary>Normal events.</summary>
    Information,
    /// <summary>Something unexpected that the function survived.</summary>
    Warning,
    /// <summary>A failure of the current operation.</summary>
    Error,
    /// <summary>A failure of the whole function.</summary>
    Critical,
}

/// <summary>Level names as Lambda's log settings spell them (AWS_LAMBDA_LOG_LEVEL: TRACE, DEBUG, INFO, WARN, ERROR, FATAL).</summary>
internal static class LogLevelNames
{
    public static string Name(LambdaLogLevel level) => level switch
    {
        LambdaLogLevel.Trace => "TRACE",
        LambdaLogLevel.Debug => "DEBUG",
        LambdaLogLevel.Information => "INFO",
        LambdaLogLevel.Warning => "WARN",
        LambdaLogLevel.Error => "ERROR",
        _ => "FATAL",
    };

    public static bool TryParse(string? name, out LambdaLogLevel level)
    {
        foreach (LambdaLogLevel candidate in Enum.GetValues<LambdaLogLevel>())
        {
            if (string.Equals(Name(candidate), name?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                level = candidate;
                return true;
            }
        }

        level = LambdaLogLevel.Trace;
        return false;
    }
}
