using System.Text.Json;
using System.Text.Json.Nodes;
using Realtime.LocalCloud.Functions;
using Realtime.LocalCloud.Hosting;
using Realtime.LocalCloud.Sam;

namespace Realtime.LocalCloud.Iot;

/// <summary>
/// The IoT rules engine emulation: every message that reaches the broker through the local IoT endpoint (MQTT PUBLISH,
/// will messages, the /topics data plane) is offered here with its publisher's client id (none for the data plane, where
/// clientid() is "n/a" as on AWS); each matching rule selects the message and invokes its function asynchronously (Event
/// invocation), as AWS does.
/// </summary>
internal sealed class RuleEngine
{
    /// <summary>What clientid() returns for a message that did not come over MQTT.</summary>
    public const string NotMqttClientId = "n/a";

    private readonly IReadOnlyList<(IotRuleDefinition Definition, RuleSql Sql)> _rules;
    private readonly LambdaService _lambda;
    private readonly LocalLog _log;
    private readonly TimeProvider _time;

    public RuleEngine(IEnumerable<IotRuleDefinition> rules, LambdaService lambda, LocalLog log, TimeProvider time)
    {
        _rules = rules.Select(r => (r, Parse(r))).ToList();
        _lambda = lambda;
        _log = log;
        _time = time;
    }

    public IReadOnlyList<string> Describe() => _rules.Select(r => $"{r.Definition.Name}: {r.Definition.Sql} -> {r.Definition.FunctionName}").ToList();

    public void OnMessage(string topic, ReadOnlyMemory<byte> payload, string? clientId)
    {
        foreach (var (definition, sql) in _rules)
        {
            if (!TopicFilter.Matches(sql.TopicFilter, topic))
            {
                continue;
            }

            if (Select(sql, topic, payload, clientId, _time) is not { } selected)
            {
                _log.Write("rules", $"{definition.Name}: the message on {topic} is not a JSON object; not invoking {definition.FunctionName}");
                continue;
            }

            _log.Write("rules", $"{definition.Name}: {topic} -> {definition.FunctionName} (async)");
            _lambda.InvokeEvent(definition.FunctionName, selected);
        }
    }

    /// <summary>SELECT *, plus the extras; null when the payload is not a JSON object (the local engine only selects objects).</summary>
    internal static byte[]? Select(RuleSql sql, string topic, ReadOnlyMemory<byte> payload, string? clientId, TimeProvider time)
    {
        JsonObject? message;
        try
        {
            message = JsonNode.Parse(payload.Span) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }

        if (message is null)
        {
            return null;
        }

        foreach (RuleSql.Extra extra in sql.Extras)
        {
            JsonNode? value = extra.Function switch
            {
                // AWS IoT SQL reference: clientid() is "n/a" when the message was not sent over MQTT (the HTTPS data plane).
                "clientid" => JsonValue.Create(clientId ?? NotMqttClientId),
                "topic" => JsonValue.Create(topic),
                _ => JsonValue.Create(time.GetUtcNow().ToUnixTimeMilliseconds()),
            };
            // The selected value replaces a property of the same name in the payload (a forged "clientId" is overwritten).
            message[extra.Name] = value;
        }

        return System.Text.Encoding.UTF8.GetBytes(message.ToJsonString());
    }

    private static RuleSql Parse(IotRuleDefinition rule)
    {
        if (rule.SqlVersion is not null && rule.SqlVersion != "2016-03-23")
        {
            throw new TemplateException($"{rule.Name}: AwsIotSqlVersion '{rule.SqlVersion}' is not supported locally (use 2016-03-23)");
        }

        try
        {
            return RuleSql.Parse(rule.Sql);
        }
        catch (FormatException e)
        {
            throw new TemplateException($"{rule.Name}: {e.Message}");
        }
    }
}
