namespace ResponderBench;

/// <summary>The responder's environment in the benchmarks (dummy credentials: the local broker ignores the signature).</summary>
internal static class BenchEnvironment
{
    public static Dictionary<string, string> Responder(Uri endpoint, string? runtimeApi)
    {
        var environment = new Dictionary<string, string>
        {
            ["AWS_IOT_ENDPOINT_URL"] = endpoint.ToString(),
            ["AWS_REGION"] = "us-east-1",
            ["AWS_ACCESS_KEY_ID"] = "AKIDLOCALBENCH",
            ["AWS_SECRET_ACCESS_KEY"] = "bench-secret",
            ["AWS_SESSION_TOKEN"] = "bench-token",
            ["AWS_LAMBDA_FUNCTION_NAME"] = "ResponderFunction",
            ["SESSION_IDLE_SECONDS"] = "30",
            ["DEADLINE_MARGIN_SECONDS"] = "5",
        };
        if (runtimeApi is not null)
        {
            environment["AWS_LAMBDA_RUNTIME_API"] = runtimeApi;
        }

        // Experiments: BENCH_RESPONDER_ENV="NAME=value;NAME2=value" adds variables to our responder's environment only.
        foreach (string pair in (Environment.GetEnvironmentVariable("BENCH_RESPONDER_ENV") ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] parts = pair.Split('=', 2);
            environment[parts[0]] = parts.Length > 1 ? parts[1] : "";
        }

        return environment;
    }
}
