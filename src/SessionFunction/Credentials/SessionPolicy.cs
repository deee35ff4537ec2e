using System.Buffers;
using System.Text;
using System.Text.Json;
using SessionFunction.Configuration;
using SessionFunction.Sessions;

namespace SessionFunction.Credentials;

/// <summary>
/// Builds the inline session policy passed to STS AssumeRole: the browser's credentials get the intersection of the
/// role's policy and this one (docs/aws-facts.md#iam-for-iot-and-sts), so they can only connect as this session's client and use its own topics.
/// </summary>
internal static class SessionPolicy
{
    /// <summary>STS refuses session policies longer than this many characters (docs/aws-facts.md#iam-for-iot-and-sts).</summary>
    public const int MaxLength = 2048;

    /// <summary>The policy JSON, compact (every character counts against <see cref="MaxLength"/>).</summary>
    /// <remarks>
    /// Scope values come from validated channel ids, prefixes and shared-topic names ([A-Za-z0-9_-] only), so no IAM
    /// wildcard (<c>*</c>, <c>?</c>) can reach a resource ARN.
    /// </remarks>
    public static string Build(SessionScope scope, ClientRoleArn role, string region)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(role);
        string arnPrefix = $"arn:{role.Partition}:iot:{region}:{role.AccountId}:";

        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("Version", "2012-10-17");
            json.WriteStartArray("Statement");
            WriteStatement(json, "iot:Connect", [arnPrefix + "client/" + scope.ClientId]);
            WriteStatement(json, "iot:Subscribe", WithShared([arnPrefix + "topicfilter/" + scope.Topics.Response], arnPrefix + "topicfilter/", scope));
            WriteStatement(json, "iot:Receive", WithShared([arnPrefix + "topic/" + scope.Topics.Response], arnPrefix + "topic/", scope));
            WriteStatement(json, "iot:Publish", WithShared(
                [arnPrefix + "topic/" + scope.Topics.Request, arnPrefix + "topic/" + scope.Topics.Session], arnPrefix + "topic/", scope));
            if (scope.RenewRouteArn is { } renew)
            {
                // The one HTTP route these credentials may call: POST /renew of the API that issued them.
                WriteStatement(json, "execute-api:Invoke", [renew]);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        string policy = Encoding.UTF8.GetString(buffer.WrittenSpan);
        // Unreachable with validated settings (the tests check the worst case); a clear failure beats an STS 400.
        return policy.Length <= MaxLength
            ? policy
            : throw new InvalidOperationException($"The session policy has {policy.Length} characters; STS accepts at most {MaxLength}.");
    }

    private static List<string> WithShared(List<string> resources, string kindPrefix, SessionScope scope)
    {
        if (scope.Topics.Shared is not null)
        {
            resources.Add(kindPrefix + scope.Topics.Shared);
        }

        return resources;
    }

    private static void WriteStatement(Utf8JsonWriter json, string action, List<string> resources)
    {
        json.WriteStartObject();
        json.WriteString("Effect", "Allow");
        json.WriteString("Action", action);
        if (resources.Count == 1)
        {
            json.WriteString("Resource", resources[0]);
        }
        else
        {
            json.WriteStartArray("Resource");
            foreach (string resource in resources)
            {
                json.WriteStringValue(resource);
            }

            json.WriteEndArray();
        }

        json.WriteEndObject();
    }
}
