using Realtime.TestSupport;

namespace SessionFunction.Tests.Support;

/// <summary>
/// Runs the real SessionFunction executable as a <see cref="FunctionProcess"/>. SESSION_FUNCTION_DLL overrides which dll
/// (to measure a published build, e.g. ReadyToRun); else the function's own build output for this configuration.
/// </summary>
internal static class SessionProcess
{
    private static readonly string[] OwnSettings = ["CLIENT_ROLE_ARN", "TOPIC_PREFIX", "ALLOWED_ORIGIN", "SHARED_TOPIC", "URL_EXPIRY_SECONDS"];

    public static FunctionBuild Executable()
        => FunctionBuild.Locate("SessionFunction", typeof(SessionProcess).Assembly, overrideVariable: "SESSION_FUNCTION_DLL");

    public static Task<FunctionProcess> StartAsync(IReadOnlyDictionary<string, string> environment)
        => FunctionProcess.StartAsync(Executable(), environment, OwnSettings);
}
