using System.Globalization;

namespace Realtime.Lambda;

/// <summary>What Lambda tells the runtime through the environment, read once at start.</summary>
internal sealed record FunctionSettings(
    string FunctionName,
    string FunctionVersion,
    int MemoryLimitInMB,
    LambdaLogFormat LogFormat,
    LambdaLogLevel MinimumLevel)
{
    public static FunctionSettings From(IEnvironmentVariables environment)
    {
        string? memory = environment.Get(EnvironmentVariableNames.FunctionMemorySize);
        return new FunctionSettings(
            environment.Get(EnvironmentVariableNames.FunctionName) ?? "",
            environment.Get(EnvironmentVariableNames.FunctionVersion) ?? "$LATEST",
            int.TryParse(memory, NumberStyles.None, CultureInfo.InvariantCulture, out int mb) ? mb : 0,
            string.Equals(environment.Get(EnvironmentVariableNames.LogFormat), "JSON", StringComparison.OrdinalIgnoreCase)
                ? LambdaLogFormat.Json
                : LambdaLogFormat.Text,
            LogLevelNames.TryParse(environment.Get(EnvironmentVariableNames.LogLevel), out LambdaLogLevel level)
                ? level
                : LambdaLogLevel.Trace);
    }
}
