using System.Globalization;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Realtime.Aws;
using Realtime.LocalCloud.Auth;
using Realtime.LocalCloud.Iam;
using MQTTnet.Protocol;

namespace Realtime.LocalCloud.Iot;

/// <summary>
/// The local AWS IoT data endpoint on one loopback port: <c>GET /mqtt</c> (WebSocket upgrade, SigV4 presigned query, service
/// iotdevicegateway, session token unsigned) hands the WebSocket to the in-process broker (<see cref="IotBroker"/>);
/// <c>POST /topics/{topic}?qos=N&amp;retain=B</c> (SigV4 Authorization header, service iotdata) publishes through it, which
/// is what <c>aws iot-data publish</c> sends.
/// </summary>
internal sealed class IotEndpoint(IotContext iot, IotBroker broker)
{
    private static readonly SigV4VerifierOptions s_mqttOptions = SigV4Authenticator.Options("iotdevicegateway", SigV4SessionTokenMode.Unsigned);
    private static readonly SigV4VerifierOptions s_dataOptions = SigV4Authenticator.Options("iotdata", SigV4SessionTokenMode.Signed);

    public async Task HandleAsync(HttpContext context)
    {
        try
        {
            await RouteAsync(context).ConfigureAwait(false);
        }
        catch (Exception e) when (!(e is OperationCanceledException && context.RequestAborted.IsCancellationRequested))
        {
            // A local cloud bug must not look like an empty 500: log the cause and answer in AWS's error shape.
            iot.Log.Write("iot", $"{context.Request.Method} {context.Request.Path} failed: {e}");
            if (!context.Response.HasStarted)
            {
                await ErrorAsync(context, 500, "InternalFailureException", $"The local cloud failed: {e.GetType().Name}: {e.Message}").ConfigureAwait(false);
            }
        }
    }

    private async Task RouteAsync(HttpContext context)
    {
        string path = context.Request.Path.Value ?? "";
        if (path == "/mqtt")
        {
            await MqttAsync(context).ConfigureAwait(false);
        }
        else if (path.StartsWith("/topics/", StringComparison.Ordinal) && HttpMethods.IsPost(context.Request.Method))
        {
            await PublishAsync(context).ConfigureAwait(false);
        }
        else
        {
            await ErrorAsync(context, 404, "ResourceNotFoundException", "Not Found").ConfigureAwait(false);
        }
    }

    private async Task MqttAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            await ErrorAsync(context, 400, "BadRequestException", "/mqtt accepts WebSocket upgrades only").ConfigureAwait(false);
            return;
        }

        AuthenticationResult auth = SigV4Authenticator.Authenticate(context, [], s_mqttOptions, presigned: true, iot.Credentials, iot.Time.GetUtcNow());
        if (auth.Identity is not { } identity)
        {
            iot.Log.Write("iot", $"refused WebSocket upgrade (403): {auth.Reason}");
            await ErrorAsync(context, 403, "ForbiddenException", "Forbidden").ConfigureAwait(false);
            return;
        }

        // Clients offer the "mqtt" subprotocol (MQTT 3.1.1 section 6); echo it when offered.
        string? subProtocol = context.WebSockets.WebSocketRequestedProtocols.FirstOrDefault(p => p is "mqtt" or "mqttv3.1");
        using WebSocket socket = await context.WebSockets.AcceptWebSocketAsync(subProtocol).ConfigureAwait(false);
        System.Net.IPAddress? address = context.Connection.RemoteIpAddress;
        await broker.RunAsync(socket, identity, address is null ? null : new System.Net.IPEndPoint(address, context.Connection.RemotePort)).ConfigureAwait(false);
    }

    private async Task PublishAsync(HttpContext context)
    {
        byte[] body = await ReadBodyAsync(context).ConfigureAwait(false);
        if (body.Length > IotLimits.MaxPayloadBytes)
        {
            await ErrorAsync(context, 413, "RequestEntityTooLargeException", "The payload exceeds the 128 KB limit").ConfigureAwait(false);
            return;
        }

        AuthenticationResult auth = SigV4Authenticator.Authenticate(context, body, s_dataOptions, presigned: false, iot.Credentials, iot.Time.GetUtcNow());
        if (auth.Identity is not { } identity)
        {
            iot.Log.Write("iot", $"refused data plane publish (403): {auth.Reason}");
            await ErrorAsync(context, 403, "ForbiddenException", auth.Reason).ConfigureAwait(false);
            return;
        }

        // The topic is one path segment; its slashes arrive as %2F.
        string rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value!;
        string rawTopic = rawTarget["/topics/".Length..].Split('?')[0];
        string topic = Uri.UnescapeDataString(rawTopic);
        string qosText = context.Request.Query["qos"].ToString();
        int qos = qosText.Length == 0 ? 0 : int.TryParse(qosText, NumberStyles.None, CultureInfo.InvariantCulture, out int q) ? q : -1;
        string retainText = context.Request.Query["retain"].ToString();
        bool retain = retainText.Equals("true", StringComparison.OrdinalIgnoreCase);
        string? problem = qos is < 0 or > 1 ? "qos must be 0 or 1"
            : retainText.Length > 0 && !retain && !retainText.Equals("false", StringComparison.OrdinalIgnoreCase) ? "retain must be true or false"
            : !TopicFilter.IsValidTopicName(topic) ? "the topic must be a non-empty topic name without wildcards"
            : TopicFilter.CheckAwsLimits(topic);
        if (problem is not null)
        {
            await ErrorAsync(context, 400, "InvalidRequestException", problem).ConfigureAwait(false);
            return;
        }

        string? refused = !IotActions.CanPublish(identity, null, topic) ? "iot:Publish"
            : retain && !IotActions.CanRetainPublish(identity, null, topic) ? "iot:RetainPublish"
            : null;
        if (refused is not null)
        {
            iot.Log.Write("iot", $"data plane publish by {identity.PrincipalArn}: {refused} on topic/{topic} is not allowed");
            await ErrorAsync(context, 403, "ForbiddenException", $"User: {identity.PrincipalArn} is not authorized to perform: {refused}").ConfigureAwait(false);
            return;
        }

        // The broker offers the message to the rules engine (clientid() is "n/a") before this returns.
        await broker.PublishAsync(topic, body, (MqttQualityOfServiceLevel)qos, retain, context.RequestAborted).ConfigureAwait(false);
        iot.Log.Write("iot", $"data plane publish by {identity.PrincipalArn} to {topic} ({body.Length} bytes, QoS {qos}{(retain ? ", retained" : "")})");
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync($"{{\"message\":\"OK\",\"traceId\":\"{Guid.NewGuid()}\"}}", context.RequestAborted).ConfigureAwait(false);
    }

    private static async Task<byte[]> ReadBodyAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted).ConfigureAwait(false);
        return buffer.ToArray();
    }

    internal static async Task ErrorAsync(HttpContext context, int status, string type, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.Headers["x-amzn-ErrorType"] = type;
        string json = $"{{\"message\":{System.Text.Json.JsonSerializer.Serialize(message, Hosting.LocalJsonContext.Default.String)}}}";
        await context.Response.WriteAsync(json, context.RequestAborted).ConfigureAwait(false);
    }
}
