namespace Realtime.Lambda;

/// <summary>The process-level dependencies of the bootstrap, replaceable in tests.</summary>
internal sealed class BootstrapOptions
{
    /// <summary>The real process: environment, stdout, system clock.</summary>
    public static BootstrapOptions System => new();

    public IEnvironmentVariables Environment { get; init; } = new SystemEnvironmentVariables();

    public TextWriter Output { get; init; } = Console.Out;

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
