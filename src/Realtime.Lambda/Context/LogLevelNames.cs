namespace Realtime.Lambda;

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
