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

    /// <summary>Whether any rule's FROM filter matches <paramref name="topic"/> (so the payload is worth copying).</summary>
    public bool Observes(string topic) => _rules.Any(r => TopicFilter.Matches(r.Sql.TopicFilter, topic));

    public void OnMessage(string topic, ReadOnlyMemory<byte> payload, string? clientId)
    {
        foreach (var (definition, sql) in _rules)
        {
            if (!TopicFilter.Matches(sql.TopicFilter, topic))
            {
                continue;
            }

            if (Select(sql, topic, payload, clientId, _time, out string? notSelected) is not { } selected)
            {
                _log.Write("rules", $"{definition.Name}: the message on {topic} from {clientId ?? "the data plane"} was not selected ({notSelected}); not invoking {definition.FunctionName}");
                continue;
            }

            _log.Write("rules", $"{definition.Name}: {topic} -> {definition.FunctionName} (async)");
            try
            {
                _lambda.InvokeEvent(definition.FunctionName, selected);
            }
            catch (Exception e)
            {
                // The publisher must never pay for a rule action's failure (AWS reports those to the rule's error action).
                _log.Write("rules", $"{definition.Name}: invoking {definition.FunctionName} failed: {e}");
            }
        }
    }

    /// <summary>
    /// SELECT *, plus the extras; null (with the reason) when the message is not selected: the local engine only selects JSON
    /// objects whose text is valid Unicode. Never throws for message content: the message itself was already published.
    /// </summary>
    internal static byte[]? Select(RuleSql sql, string topic, ReadOnlyMemory<byte> payload, string? clientId, TimeProvider time, out string? notSelected)
    {
        try
        {
            return SelectCore(sql, topic, payload, clientId, time, out notSelected);
        }
        catch (JsonException e)
        {
            notSelected = $"the payload is not valid JSON: {e.Message}";
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or FormatException)
        {
            // System.Text.Json parses "\ud800" (an unpaired surrogate escape) but cannot turn it into a string or write it back:
            // such a payload cannot become a Lambda event here. AWS documents nothing for it; skipping the rule is the safe choice.
            notSelected = $"the payload holds text that is not valid Unicode (e.g. an unpaired surrogate escape like \\ud800): {e.Message}";
        }

        return null;
    }

    private static byte[]? SelectCore(RuleSql sql, string topic, ReadOnlyMemory<byte> payload, string? clientId, TimeProvider time, out string? notSelected)
    {
        notSelected = null;
        if (JsonNode.Parse(payload.Span) is not JsonObject message)
        {
            notSelected = "the payload is not a JSON object";
            return null;
        }

        if (!sql.SelectsAll)
        {
            // An explicit projection: only the named fields (when present) and the extras; nothing else of the payload.
            message = new JsonObject(sql.Fields.Where(message.ContainsKey).Select(f => KeyValuePair.Create(f, message[f]?.DeepClone())));
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
