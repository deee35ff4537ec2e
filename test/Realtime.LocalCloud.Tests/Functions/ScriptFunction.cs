using System.Text.Json.Nodes;
using Realtime.LocalCloud.Sam;

namespace Realtime.LocalCloud.Tests.Functions;

/// <summary>
/// A tiny provided.al2023 function (a shell <c>bootstrap</c> speaking the Runtime API with curl) whose behaviour the event
/// chooses: echo, fail, sleep past the timeout, report its environment. It lets tests drive the Lambda emulation's edge cases.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal sealed class ScriptFunction : IDisposable
{
    private const string Script = """
        #!/bin/sh
        api="http://$AWS_LAMBDA_RUNTIME_API/2018-06-01/runtime"
        if [ -n "$HANG_INIT" ]; then
          sleep 60
        fi
        if [ -n "$FAIL_INIT" ]; then
          curl -sS -X POST -H 'Lambda-Runtime-Function-Error-Type: Runtime.ConfigError' \
            -d '{"errorType":"Runtime.ConfigError","errorMessage":"FAIL_INIT is set"}' "$api/init/error" >/dev/null
          exit 1
        fi
        # Next to the script (deleted with it), not mktemp: a killed instance would leave a file in /tmp.
        headers="$(dirname "$0")/headers.$$"
        while true; do
          body=$(curl -sS -D "$headers" "$api/invocation/next") || exit 1
          id=$(grep -i '^Lambda-Runtime-Aws-Request-Id:' "$headers" | tr -d '\r' | cut -d' ' -f2)
          case "$body" in
            *sleep*) sleep 30 ;;
            *grow*) big=$(head -c 30000000 /dev/zero | tr '\0' a); echo "grew ${#big}"
                    curl -sS -X POST -d '{}' "$api/invocation/$id/response" >/dev/null ;;
            *crash*) exit 3 ;;
            *fail*) curl -sS -X POST -H 'Lambda-Runtime-Function-Error-Type: Test.Failure' \
                      -d '{"errorType":"Test.Failure","errorMessage":"asked to fail"}' "$api/invocation/$id/error" >/dev/null ;;
            *env*) curl -sS -X POST -d "{\"memory\":\"$AWS_LAMBDA_FUNCTION_MEMORY_SIZE\",\"name\":\"$AWS_LAMBDA_FUNCTION_NAME\",\"handler\":\"$_HANDLER\",\"key\":\"$AWS_ACCESS_KEY_ID\",\"token\":\"${AWS_SESSION_TOKEN:+set}\",\"custom\":\"$CUSTOM\",\"pid\":\"$$\"}" \
                      "$api/invocation/$id/response" >/dev/null ;;
            *) echo "echoing $body"; curl -sS -X POST -d "$body" "$api/invocation/$id/response" >/dev/null ;;
          esac
        done
        """;

    public ScriptFunction()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("localcloud-script-").FullName;
        string bootstrap = Path.Combine(Directory, "bootstrap");
        File.WriteAllText(bootstrap, Script.Replace("\r\n", "\n", StringComparison.Ordinal));
        File.SetUnixFileMode(bootstrap, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    public string Directory { get; }

    public LocalTemplate Template(int timeoutSeconds, bool failInit = false, int? reservedConcurrency = null, bool hangInit = false) =>
        TemplateLoader.Parse((JsonObject)JsonNode.Parse($$"""
            { "Resources": { "Script": { "Type": "AWS::Serverless::Function", "Properties": {
                "CodeUri": "{{Directory}}", "Handler": "bootstrap", "Runtime": "provided.al2023", "MemorySize": 256,
                "Timeout": {{timeoutSeconds}}, {{(reservedConcurrency is { } n ? $"\"ReservedConcurrentExecutions\": {n}," : "")}}
                "Environment": { "Variables": { "CUSTOM": "from-template"{{(failInit ? ", \"FAIL_INIT\": \"1\"" : "")}}{{(hangInit ? ", \"HANG_INIT\": \"1\"" : "")}} } } } } } }
            """)!, new Dictionary<string, string>());

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // Leftover temp files are harmless.
        }
    }
}
