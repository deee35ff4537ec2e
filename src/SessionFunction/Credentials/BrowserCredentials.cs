using Realtime.Aws;

namespace SessionFunction.Credentials;

/// <summary>Credentials to sign with, and when they stop working (null when unknown, e.g. the function's own).</summary>
internal sealed record BrowserCredentials(AwsCredentials Credentials, DateTimeOffset? Expiration);
