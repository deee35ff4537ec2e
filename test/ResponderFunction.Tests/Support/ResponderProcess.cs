using Realtime.TestSupport;

namespace ResponderFunction.Tests.Support;

/// <summary>
/// Runs the real ResponderFunction executable as a <see cref="FunctionProcess"/>. RESPONDER_FUNCTION_DLL overrides which dll
/// (to measure a published build); else the function's build output recorded at build time (same configuration as the
/// caller), else the newest Debug or Release build. Shared with bench/ResponderBench (linked source).
/// </summary>
internal static class ResponderProcess
{
    private static readonly string[] OwnSettings = ["TOPIC_PREFIX", "SESSION_IDLE_SECONDS", "DEADLINE_MARGIN_SECONDS"];

    public static FunctionBuild Executable()
        => FunctionBuild.Locate("ResponderFunction", typeof(ResponderProcess).Assembly, overrideVariable: "RESPONDER_FUNCTION_DLL");

    public static Task<FunctionProcess> StartAsync(IReadOnlyDictionary<string, string> environment)
        => FunctionProcess.StartAsync(Executable(), environment, OwnSettings);
}
