using System.Collections;
using System.Collections.Concurrent;
using System.Text;
using System.Buffers;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Packets;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace Realtime.LocalCloud.Iot;

/// <summary>
/// AWS IoT's authorization and limits, as MQTTnet.Server hooks. CONNECT: MQTT 3.1.1 only, iot:Connect on the client id, and
/// the will (iot:Publish, plus iot:RetainPublish when retained, QoS 0/1, 128 KB) or CONNACK 5. SUBSCRIBE: iot:Subscribe per
/// filter, refused ones get 0x80, QoS 2 is granted as 1. PUBLISH: QoS 2, over 128 KB, AWS's topic limits, no iot:Publish, or
/// RETAIN without iot:RetainPublish closes the connection. Delivery: iot:Receive per receiver, else dropped; at most 100
/// QoS 1 deliveries unacknowledged. Every accepted message (a client's, a will, the data plane's) is offered to the rules.
/// A failing hook refuses (fail closed) and says why in the log.
/// </summary>
internal sealed class IotAuthorizer(IotContext iot)
{
    private static readonly object s_connectionKey = new();
    private static readonly object s_dataPlaneKey = new();

    private readonly ConcurrentDictionary<string, IotConnection> _byClientId = new(StringComparer.Ordinal);

    /// <summary>Session items that mark a message injected by the HTTPS data plane (already authorized there).</summary>
    public static IDictionary DataPlaneItems() => new ConcurrentDictionary<object, object>([new(s_dataPlaneKey, true)]);

    public void Attach(MqttServer server)
    {
        server.ValidatingConnectionAsync += e => Guard("CONNECT", () => Validate(e), () => e.ReasonCode = MqttConnectReasonCode.NotAuthorized);
        server.ClientConnectedAsync += e => Guard("connected", () => OnConnected(e), () => { });
        server.ClientDisconnectedAsync += e => Guard("disconnected", () => OnDisconnected(e), () => { });
        server.InterceptingSubscriptionAsync += e => Guard("SUBSCRIBE", () => OnSubscribe(e), () => Refuse(e));
        server.InterceptingPublishAsync += e => Guard("PUBLISH", () => OnPublish(e), () => (e.ProcessPublish, e.CloseConnection) = (false, true));
        server.InterceptingClientEnqueueAsync += e => Guard("delivery", () => OnEnqueue(e), () => e.AcceptEnqueue = false);
        server.InterceptingInboundPacketAsync += e =>
        {
            RefuseZeroPacketId(e);
            return Guard("inbound packet", () => OnInbound(e), () => e.ProcessPacket = false);
        };
        server.InterceptingOutboundPacketAsync += OnOutboundAsync;
    }

    private void Validate(ValidatingConnectionEventArgs e)
    {
        if (e.RemoteEndPoint is not IotConnection connection)
        {
            e.ReasonCode = MqttConnectReasonCode.NotAuthorized;
            return;
        }

        string? refusal =
            e.ProtocolVersion != MqttProtocolVersion.V311 ? $"MQTT protocol {e.ProtocolVersion} is not supported locally (use MQTT 3.1.1)" :
            string.IsNullOrEmpty(e.ClientId) ? "an empty client id is not accepted" :
            Encoding.UTF8.GetByteCount(e.ClientId) > IotLimits.MaxClientIdBytes ? $"the client id is longer than {IotLimits.MaxClientIdBytes} bytes" :
            !IotActions.CanConnect(connection.Identity, e.ClientId) ? $"iot:Connect on client/{e.ClientId} is not allowed" :
            WillRefusal(connection, e);
        if (refusal is null)
        {
            iot.Log.Write("iot", $"CONNECT #{connection.Number} '{e.ClientId}' ({connection.Identity.PrincipalArn})");
            return;
        }

        e.ReasonCode = e.ProtocolVersion != MqttProtocolVersion.V311 ? MqttConnectReasonCode.UnsupportedProtocolVersion
            : string.IsNullOrEmpty(e.ClientId) || Encoding.UTF8.GetByteCount(e.ClientId) > IotLimits.MaxClientIdBytes ? MqttConnectReasonCode.ClientIdentifierNotValid
            : MqttConnectReasonCode.NotAuthorized;
        connection.SetCloseReason($"CONNECT refused: {refusal}");
        iot.Log.Write("iot", $"connection #{connection.Number} ({connection.Identity.PrincipalArn}): CONNECT refused: {refusal}");
    }

    /// <summary>
    /// The will is checked when it is set, as a publish by this client would be: AWS documents iot:Publish (and for a retained
    /// will iot:RetainPublish) on its topic. It is checked again when it is sent (<see cref="OnPublish"/>).
    /// </summary>
    private static string? WillRefusal(IotConnection connection, ValidatingConnectionEventArgs e)
    {
        MqttConnectPacket? connect = connection.Connect;
        return connect is { WillFlag: true } ? PublishRefusal(connection.Identity, e.ClientId, connect.WillTopic, connect.WillQoS, connect.WillRetain, connect.WillMessage?.Length ?? 0, "will ") : null;
    }

    /// <summary>Why a publish (or a will) is refused, or null.</summary>
    private static string? PublishRefusal(Iam.IssuedCredentials identity, string clientId, string? topic, MqttQualityOfServiceLevel qos, bool retain, long payloadBytes, string what = "") =>
        string.IsNullOrEmpty(topic) || !TopicFilter.IsValidTopicName(topic) ? $"{what}topic '{topic}' is not a valid topic name" :
        qos == MqttQualityOfServiceLevel.ExactlyOnce ? $"{what}QoS 2 to {topic}, which AWS IoT does not support" :
        payloadBytes > IotLimits.MaxPayloadBytes ? $"{what}payload of {payloadBytes} bytes to {topic} is over AWS IoT's 128 KB limit" :
        TopicFilter.CheckAwsLimits(topic) is { } limit ? $"{what}topic {topic}: {limit}" :
        !IotActions.CanPublish(identity, clientId, topic) ? $"{what}iot:Publish on topic/{topic} is not allowed" :
        retain && !IotActions.CanRetainPublish(identity, clientId, topic) ? $"{what}iot:RetainPublish on topic/{topic} is not allowed (the RETAIN flag is set)" :
        null;

    private void OnConnected(ClientConnectedEventArgs e)
    {
        if (e.RemoteEndPoint is IotConnection connection)
        {
            connection.ClientId = e.ClientId;
            // A persistent session keeps the items of an earlier connection: always point them at this one.
            e.SessionItems[s_connectionKey] = connection;
            _byClientId[e.ClientId] = connection;
        }
    }

    private void OnDisconnected(ClientDisconnectedEventArgs e)
    {
        if (e.RemoteEndPoint is not IotConnection connection)
        {
            return;
        }

        // Only this connection's entry: after a takeover the client id already belongs to the new one.
        ((ICollection<KeyValuePair<string, IotConnection>>)_byClientId).Remove(new(e.ClientId, connection));
        string why = e.DisconnectType switch
        {
            MqttClientDisconnectType.Clean => "the client disconnected",
            MqttClientDisconnectType.Takeover => "taken over by a new connection with the same client id",
            _ => connection.CloseReason ?? "the connection was lost",
        };
        iot.Log.Write("iot", $"connection {connection} closed: {why}");
    }

    private void OnSubscribe(InterceptingSubscriptionEventArgs e)
    {
        if (e.SessionItems[s_connectionKey] is not IotConnection connection)
        {
            Refuse(e);
            return;
        }

        string filter = e.TopicFilter.Topic ?? "";
        string? refusal =
            !TopicFilter.IsValidFilter(filter) ? "not a valid topic filter" :
            TopicFilter.CheckAwsLimits(filter) is { } limit ? limit :
            !IotActions.CanSubscribe(connection.Identity, connection.ClientId, filter) ? $"iot:Subscribe on topicfilter/{filter} is not allowed" :
            null;
        if (refusal is not null)
        {
            iot.Log.Write("iot", $"connection {connection}: SUBSCRIBE {filter}: {refusal}; SUBACK 0x80");
            Refuse(e);
            return;
        }

        // AWS IoT grants at most QoS 1.
        if (e.TopicFilter.QualityOfServiceLevel == MqttQualityOfServiceLevel.ExactlyOnce)
        {
            e.TopicFilter.QualityOfServiceLevel = MqttQualityOfServiceLevel.AtLeastOnce;
            e.Response.ReasonCode = MqttSubscribeReasonCode.GrantedQoS1;
        }
    }

    private static void Refuse(InterceptingSubscriptionEventArgs e)
    {
        e.ProcessSubscription = false;
        e.Response.ReasonCode = MqttSubscribeReasonCode.NotAuthorized; // 0x80 in MQTT 3.1.1
    }

    private void OnPublish(InterceptingPublishEventArgs e)
    {
        MqttApplicationMessage message = e.ApplicationMessage;
        if (e.SessionItems.Contains(s_dataPlaneKey))
        {
            Observe(message, clientId: null);
            return;
        }

        if (e.SessionItems[s_connectionKey] is not IotConnection connection)
        {
            (e.ProcessPublish, e.CloseConnection) = (false, true);
            iot.Log.Write("iot", $"PUBLISH from unknown client '{e.ClientId}' dropped");
            return;
        }

        if (PublishRefusal(connection.Identity, connection.ClientId, message.Topic, message.QualityOfServiceLevel, message.Retain, message.Payload.Length) is { } refusal)
        {
            // As AWS IoT does, a refused publish closes the connection (a will, sent after the close, is just dropped).
            (e.ProcessPublish, e.CloseConnection) = (false, true);
            connection.SetCloseReason($"PUBLISH refused: {refusal}; closing the connection as AWS IoT does");
            iot.Log.Write("iot", $"connection {connection}: PUBLISH refused: {refusal}");
            return;
        }

        // DUP belongs to one hop and is not passed on to subscribers [MQTT-3.3.1-3]. MQTTnet.Server 5.2 copies it, and then
        // cannot encode the copy for a QoS 0 subscriber (a retransmitted QoS 1 message would be lost for it).
        message.Dup = false;
        Observe(message, connection.ClientId);
    }

    /// <summary>The rules engine sees every message the broker accepts, with its publisher's client id (null: the data plane).</summary>
    private void Observe(MqttApplicationMessage message, string? clientId)
    {
        if (iot.Rules.Observes(message.Topic))
        {
            iot.Rules.OnMessage(message.Topic, message.Payload.ToArray(), clientId);
        }
    }

    private void OnEnqueue(InterceptingClientApplicationMessageEnqueueEventArgs e)
    {
        if (!_byClientId.TryGetValue(e.ReceiverClientId, out IotConnection? receiver))
        {
            e.AcceptEnqueue = false;
            return;
        }

        string topic = e.ApplicationMessage.Topic;
        if (!IotActions.CanReceive(receiver.Identity, receiver.ClientId, topic))
        {
            e.AcceptEnqueue = false;
            iot.Log.Write("iot", $"connection {receiver}: iot:Receive on topic/{topic} is not allowed; message dropped");
        }
    }

    /// <summary>
    /// A QoS 0 PUBLISH must not have DUP set [MQTT-3.3.1-2], and a packet that needs a packet identifier must have a non-zero
    /// one [MQTT-2.3.1-1]. MQTTnet.Server 5.2 accepts id 0 and
    /// then fails to encode its answer (PUBACK, PUBREL, SUBACK … "has no packet identifier") in its send loop, an exception
    /// nobody observes; refused here instead, the way MQTTnet ends a connection on any protocol violation.
    /// </summary>
    private void RefuseZeroPacketId(InterceptingPacketEventArgs e)
    {
        if (e.Packet is MqttPublishPacket { QualityOfServiceLevel: MqttQualityOfServiceLevel.AtMostOnce, Dup: true })
        {
            (e.RemoteEndPoint as IotConnection)?.SetCloseReason("protocol violation: PUBLISH QoS 0 with DUP set [MQTT-3.3.1-2]");
            throw new MQTTnet.Exceptions.MqttProtocolViolationException("PUBLISH QoS 0 with DUP set [MQTT-3.3.1-2]");
        }

        if (e.Packet is MqttPacketWithIdentifier { PacketIdentifier: 0 } packet && packet is not MqttPublishPacket { QualityOfServiceLevel: MqttQualityOfServiceLevel.AtMostOnce })
        {
            string reason = $"{packet.GetType().Name.Replace("Mqtt", "", StringComparison.Ordinal).Replace("Packet", "", StringComparison.Ordinal).ToUpperInvariant()} with packet identifier 0 [MQTT-2.3.1-1]";
            (e.RemoteEndPoint as IotConnection)?.SetCloseReason($"protocol violation: {reason}");
            throw new MQTTnet.Exceptions.MqttProtocolViolationException(reason);
        }
    }

    private void OnInbound(InterceptingPacketEventArgs e)
    {
        if (e.RemoteEndPoint is not IotConnection connection)
        {
            return;
        }

        switch (e.Packet)
        {
            case MqttPubAckPacket ack:
                connection.InFlight.Acknowledge(ack.PacketIdentifier);
                break;
            case MqttSubscribePacket subscribe:
                connection.RememberSubscribe(subscribe.PacketIdentifier, [.. subscribe.TopicFilters.Select(f => f.QualityOfServiceLevel)]);
                break;
        }
    }

    private async Task OnOutboundAsync(InterceptingPacketEventArgs e)
    {
        if (e.RemoteEndPoint is not IotConnection connection)
        {
            return;
        }

        switch (e.Packet)
        {
            case MqttPublishPacket { QualityOfServiceLevel: MqttQualityOfServiceLevel.AtLeastOnce } publish:
                // AWS IoT's in-flight limit: the 101st delivery waits for a PUBACK (cancelled when the connection ends).
                await connection.InFlight.EnterAsync(publish.PacketIdentifier, e.CancellationToken).ConfigureAwait(false);
                break;
            case MqttSubAckPacket subAck when connection.TakeSubscribe(subAck.PacketIdentifier) is { } requested:
                subAck.ReasonCodes = SubAckOrder.Restore(requested, subAck.ReasonCodes);
                break;
        }
    }

    private Task Guard(string hook, Action run, Action failClosed)
    {
        try
        {
            run();
        }
        catch (Exception e)
        {
            failClosed();
            iot.Log.Write("iot", $"unexpected error in the {hook} hook (refused): {e}");
        }

        return Task.CompletedTask;
    }
}
