using System.Globalization;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Realtime.Aws;
using Realtime.LocalCloud.Auth;
using Realtime.LocalCloud.Iam;
using Realtime.Mqtt;

namespace Realtime.LocalCloud.Iot;

/// <summary>
/// The local AWS IoT data endpoint on one loopback port: <c>GET /mqtt</c> (WebSocket upgrade, SigV4 presigned query, service
/// iotdevicegateway, session token unsigned) relays MQTT to the private broker; <c>POST /topics/{topic}?qos=N</c> (SigV4
/// Authorization header, service iotdata) publishes, which is what <c>aws iot-data publish</c> sends.
/// </summary>
internal sealed class IotEndpoint(IotContext iot, CancellationToken stopping)
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

        // AWS-NOTES: clients offer the "mqtt" subprotocol (MQTT 3.1.1 section 6); echo it when offered.
        string? subProtocol = context.WebSockets.WebSocketRequestedProtocols.FirstOrDefault(p => p is "mqtt" or "mqttv3.1");
        using WebSocket socket = await context.WebSockets.AcceptWebSocketAsync(subProtocol).ConfigureAwait(false);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stopping, context.RequestAborted);
        await new MqttRelayConnection(socket, identity, iot).RunAsync(linked.Token).ConfigureAwait(false);
    }

    private async Task PublishAsync(HttpContext context)
    {
        byte[] body = await ReadBodyAsync(context).ConfigureAwait(false);
        if (body.Length > 131_072)
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

        // The topic is one path segment; its slashes arrive as %2F (AWS-NOTES).
        string rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value!;
        string rawTopic = rawTarget["/topics/".Length..].Split('?')[0];
        string topic = Uri.UnescapeDataString(rawTopic);
        string qosText = context.Request.Query["qos"].ToString();
        int qos = qosText.Length == 0 ? 0 : int.TryParse(qosText, NumberStyles.None, CultureInfo.InvariantCulture, out int q) ? q : -1;
        string? problem = qos is < 0 or > 1 ? "qos must be 0 or 1"
            : !Mqtt.Packets.MqttTopic.IsValidTopicName(topic) ? "the topic must be a non-empty topic name without wildcards"
            : TopicFilter.CheckAwsLimits(topic);
        if (problem is not null)
        {
            await ErrorAsync(context, 400, "InvalidRequestException", problem).ConfigureAwait(false);
            return;
        }

        if (!IotActions.CanPublish(identity.Rights, topic))
        {
            iot.Log.Write("iot", $"data plane publish by {identity.PrincipalArn}: iot:Publish on topic/{topic} is not allowed");
            await ErrorAsync(context, 403, "ForbiddenException", $"User: {identity.PrincipalArn} is not authorized to perform: iot:Publish").ConfigureAwait(false);
            return;
        }

        try
        {
            await BrokerPublisher.PublishAsync(iot, topic, body, (MqttQos)qos, context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or MqttException or InvalidOperationException or OperationCanceledException)
        {
            iot.Log.Write("iot", $"data plane publish to {topic} failed: {e.Message}");
            await ErrorAsync(context, 503, "ServiceUnavailableException", "The local broker is not available").ConfigureAwait(false);
            return;
        }

        iot.Log.Write("iot", $"data plane publish by {identity.PrincipalArn} to {topic} ({body.Length} bytes, QoS {qos})");
        iot.Rules.OnMessage(topic, body, clientId: null);
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
