namespace Realtime.Lambda;

/// <summary>Writes log events to stdout, one line each (JSON when AWS_LAMBDA_LOG_FORMAT=JSON); mirrors Amazon.Lambda.Core.</summary>
public interface ILambdaLogger
{
    /// <summary>Logs a message at the given level.</summary>
    void Log(LambdaLogLevel level, string message);

    /// <summary>Logs at Debug level.</summary>
    void LogDebug(string message) => Log(LambdaLogLevel.Debug, message);

    /// <summary>Logs at Information level.</summary>
    void LogInformation(string message) => Log(LambdaLogLevel.Information, message);

    /// <summary>Logs at Warning level.</summary>
    void LogWarning(string message) => Log(LambdaLogLevel.Warning, message);

    /// <summary>Logs at Error level.</summary>
    void LogError(string message) => Log(LambdaLogLevel.Error, message);
}
