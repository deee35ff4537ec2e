using Realtime.Lambda.TestUtilities;

namespace SessionFunction.Tests.Support;

/// <summary>Settings and fake secrets shared by the tests; the secrets are distinctive so a log search cannot miss them.</summary>
internal static class TestSettings
{
    public const string Region = "us-east-1";
    public const string IotHost = "a1b2c3d4e5f6g7-ats.iot.us-east-1.amazonaws.com";
    public const string FunctionAccessKeyId = "AKIDLOCALFUNCTION001";
    public const string FunctionSecretAccessKey = "function-secret-key-DO-NOT-LOG-0123456789";
    public const string FunctionSessionToken = "function-session-token-DO-NOT-LOG+/=abc";
    public const string ClientRoleArn = "arn:aws:iam::123456789012:role/browser-client";

    public static readonly DateTimeOffset Now = new(2026, 11, 22, 2, 30, 15, 250, TimeSpan.Zero);

    /// <summary>A valid unscoped configuration; tests add or remove variables.</summary>
    public static DictionaryEnvironmentVariables Environment(params (string Name, string? Value)[] overrides)
    {
        var environment = new DictionaryEnvironmentVariables
        {
            ["AWS_REGION"] = Region,
            ["AWS_IOT_HOST"] = IotHost,
            ["AWS_ACCESS_KEY_ID"] = FunctionAccessKeyId,
            ["AWS_SECRET_ACCESS_KEY"] = FunctionSecretAccessKey,
            ["AWS_SESSION_TOKEN"] = FunctionSessionToken,
        };
        foreach ((string name, string? value) in overrides)
        {
            environment[name] = value;
        }

        return environment;
    }
}
