using System.Globalization;
using Realtime.LocalCloud.Iam;
using Realtime.LocalCloud.Sam;

namespace Realtime.LocalCloud.Functions;

/// <summary>
/// The environment Lambda gives a function process: the reserved variables (docs/runtime.md), the role's
/// temporary credentials, the template's Environment.Variables, then the local overrides (e.g. AWS_IOT_ENDPOINT_URL,
/// AWS_ENDPOINT_URL_STS) which point the unchanged function at the local endpoints.
/// </summary>
internal static class FunctionEnvironment
{
    // Variables a function process keeps from ours; everything else starts clean, as in a Lambda sandbox.
    private static readonly string[] s_inherited = ["PATH", "HOME", "TMPDIR", "DOTNET_ROOT", "DOTNET_CLI_HOME", "DOTNET_NOLOGO", "NUGET_PACKAGES"];

    /// <summary>The variables of <see cref="s_inherited"/> that our own process has.</summary>
    public static IEnumerable<KeyValuePair<string, string>> Inherited()
    {
        foreach (string name in s_inherited)
        {
            if (Environment.GetEnvironmentVariable(name) is { } value)
            {
                yield return new(name, value);
            }
        }
    }

    public static Dictionary<string, string> Build(FunctionDefinition function, IssuedCredentials credentials, IReadOnlyDictionary<string, string> overrides)
    {
        var env = new Dictionary<string, string>(function.Environment, StringComparer.Ordinal);
        foreach (var (key, value) in overrides)
        {
            env[key] = value;
        }

        // Reserved variables: Lambda sets these and a template cannot change them.
        env["_HANDLER"] = function.Handler;
        env["AWS_LAMBDA_FUNCTION_NAME"] = function.Name;
        env["AWS_LAMBDA_FUNCTION_VERSION"] = "$LATEST";
        env["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] = function.MemorySizeMb.ToString(CultureInfo.InvariantCulture);
        env["AWS_LAMBDA_LOG_GROUP_NAME"] = "/aws/lambda/" + function.Name;
        env["AWS_LAMBDA_LOG_STREAM_NAME"] = $"{DateTime.UtcNow:yyyy/MM/dd}/[$LATEST]{Guid.NewGuid():N}";
        env["AWS_EXECUTION_ENV"] = "AWS_Lambda_dotnet10";
        env["AWS_REGION"] = LocalAccount.Region;
        env["AWS_DEFAULT_REGION"] = LocalAccount.Region;
        env["AWS_ACCESS_KEY_ID"] = credentials.AccessKeyId;
        env["AWS_SECRET_ACCESS_KEY"] = credentials.SecretAccessKey;
        env["AWS_SESSION_TOKEN"] = credentials.SessionToken ?? "";
        env["TZ"] = ":UTC";
        env.TryAdd("AWS_LAMBDA_LOG_FORMAT", "Text");
        // The memory setting is a hard cap in Lambda; the GC limit makes the process feel it (a 75% heap share, as the
        // managed runtime leaves room for the native parts of the process).
        env["DOTNET_GCHeapHardLimit"] = ((long)function.MemorySizeMb * 1024 * 1024 * 3 / 4).ToString("X", CultureInfo.InvariantCulture);
        // No diagnostic IPC: a JIT-built function would otherwise leave dotnet-diagnostic-* sockets and clr-debug-pipe-*
        // FIFOs in /tmp when it is killed (a Native AOT build creates neither).
        env["DOTNET_EnableDiagnostics"] = "0";
        return env;
    }
}
