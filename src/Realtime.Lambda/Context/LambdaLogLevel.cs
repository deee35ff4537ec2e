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
