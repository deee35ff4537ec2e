using System.Text;
using Realtime.Mqtt;
using Realtime.Mqtt.Packets;

namespace Realtime.LocalCloud.Iot;

/// <summary>The relay's per-packet decisions in both directions.</summary>
internal sealed partial class MqttRelayConnection
{
    // Packet id of a SUBSCRIBE forwarded with some filters removed -> the client's filter count and which were refused.
    private readonly Dictionary<ushort, bool[]> _partialSubscribes = [];
    private readonly Lock _subscribeGate = new();

    private async Task<bool> OnClientPacketAsync(byte[] bytes, CancellationToken cancellationToken)
    {
        MqttPacket packet;
        try
        {
            packet = MqttPacketDecoder.Decode(bytes);
        }
        catch (MqttException e) when (_clientId.Length == 0 && bytes[0] >> 4 == (int)MqttPacketType.Connect)
        {
            // [MQTT-3.1.2-2]: an unsupported protocol level (e.g. MQTT 5) gets CONNACK 0x01, then the connection closes.
            await SendToClientAsync(MqttPacketEncoder.Encode(new ConnAckPacket(false, MqttConnectReturnCode.UnacceptableProtocolVersion)), cancellationToken).ConfigureAwait(false);
            return Refuse($"CONNECT refused: {e.Message}");
        }

        if (!_accepted && packet is not ConnectPacket && _clientId.Length == 0)
        {
            return Refuse($"the first packet must be CONNECT, got {packet.Type} [MQTT-3.1.0-1]");
        }

        switch (packet)
        {
            case ConnectPacket connect when _clientId.Length == 0:
                return await OnConnectAsync(connect, cancellationToken).ConfigureAwait(false);
            case ConnectPacket:
                return Refuse("a second CONNECT is a protocol violation [MQTT-3.1.0-2]");
            case PublishPacket publish:
                return await OnClientPublishAsync(publish, bytes, cancellationToken).ConfigureAwait(false);
            case SubscribePacket subscribe:
                return await OnSubscribeAsync(subscribe, cancellationToken).ConfigureAwait(false);
            case DisconnectPacket:
                _cleanDisconnect = true;
                await SendToBrokerAsync(bytes, cancellationToken).ConfigureAwait(false);
                _closeReason ??= "the client disconnected";
                return false;
            default:
                await SendToBrokerAsync(bytes, cancellationToken).ConfigureAwait(false);
                return true;
        }
    }

    private async Task<bool> OnConnectAsync(ConnectPacket connect, CancellationToken cancellationToken)
    {
        _clientId = connect.ClientId;
        string? refusal =
            connect.ClientId.Length == 0 ? "an empty client id is not accepted" :
            Encoding.UTF8.GetByteCount(connect.ClientId) > 128 ? "the client id is longer than 128 bytes" :
            !IotActions.CanConnect(Rights, connect.ClientId) ? $"iot:Connect on client/{connect.ClientId} is not allowed" :
            connect.Will is { } will && !IotActions.CanPublish(Rights, will.Topic) ? $"iot:Publish on the will topic {will.Topic} is not allowed" :
            connect.Will is { Qos: MqttQos.ExactlyOnce } ? "a QoS 2 will is not supported" :
            null;
        if (refusal is not null)
        {
            // AWS may also just drop the socket; a CONNACK 5 first tells well-behaved clients why.
            await SendToClientAsync(MqttPacketEncoder.Encode(new ConnAckPacket(false, MqttConnectReturnCode.NotAuthorized)), cancellationToken).ConfigureAwait(false);
            return Refuse($"CONNECT refused: {refusal}");
        }

        _will = connect.Will;
        // The broker only knows the relay's user; the client's own user name and password (unused by AWS with SigV4) are replaced.
        ConnectPacket forwarded = connect with { UserName = _iot.BrokerUser, Password = Encoding.UTF8.GetBytes(_iot.BrokerPassword) };
        _iot.Log.Write("iot", $"CONNECT {Describe()}");
        await SendToBrokerAsync(MqttPacketEncoder.Encode(forwarded), cancellationToken).ConfigureAwait(false);
        return true;
    }

    private async Task<bool> OnClientPublishAsync(PublishPacket publish, byte[] bytes, CancellationToken cancellationToken)
    {
        if (publish.Qos == MqttQos.ExactlyOnce)
        {
            return Refuse($"PUBLISH to {publish.Topic} with QoS 2, which AWS IoT does not support");
        }

        if (TopicFilter.CheckAwsLimits(publish.Topic) is { } problem)
        {
            return Refuse($"PUBLISH to {publish.Topic}: {problem}");
        }

        if (!IotActions.CanPublish(Rights, publish.Topic))
        {
            return Refuse($"iot:Publish on topic/{publish.Topic} is not allowed; closing the connection as AWS IoT does");
        }

        await SendToBrokerAsync(bytes, cancellationToken).ConfigureAwait(false);
        _iot.Rules.OnMessage(publish.Topic, publish.Payload, _clientId);
        return true;
    }

    private async Task<bool> OnSubscribeAsync(SubscribePacket subscribe, CancellationToken cancellationToken)
    {
        bool[] refused = subscribe.Subscriptions.Select(s => !IotActions.CanSubscribe(Rights, s.TopicFilter)).ToArray();
        foreach (var (s, i) in subscribe.Subscriptions.Select((s, i) => (s, i)).Where(x => refused[x.i]))
        {
            _iot.Log.Write("iot", $"connection {Describe()}: iot:Subscribe on topicfilter/{s.TopicFilter} is not allowed; SUBACK 0x80");
        }

        if (refused.All(r => r))
        {
            var suback = new SubAckPacket(subscribe.PacketId, refused.Select(_ => SubAckPacket.FailureReturnCode).ToArray());
            await SendToClientAsync(MqttPacketEncoder.Encode(suback), cancellationToken).ConfigureAwait(false);
            return true;
        }

        // AWS IoT grants at most QoS 1.
        var allowed = subscribe.Subscriptions.Where((_, i) => !refused[i])
            .Select(s => s.Qos == MqttQos.ExactlyOnce ? s with { Qos = MqttQos.AtLeastOnce } : s).ToArray();
        if (refused.Any(r => r))
        {
            lock (_subscribeGate)
            {
                _partialSubscribes[subscribe.PacketId] = refused;
            }
        }

        await SendToBrokerAsync(MqttPacketEncoder.Encode(subscribe with { Subscriptions = allowed }), cancellationToken).ConfigureAwait(false);
        return true;
    }

    private async Task<bool> OnBrokerPacketAsync(byte[] bytes, CancellationToken cancellationToken)
    {
        MqttPacket packet = MqttPacketDecoder.Decode(bytes);
        switch (packet)
        {
            case ConnAckPacket connAck:
                _accepted = connAck.ReturnCode == MqttConnectReturnCode.Accepted;
                break;
            case PublishPacket publish when !IotActions.CanReceive(Rights, publish.Topic):
                // Not allowed to receive: drop it, but settle it with the broker so it is not redelivered.
                if (publish.Qos == MqttQos.AtLeastOnce)
                {
                    await SendToBrokerAsync(MqttPacketEncoder.Encode(new PubAckPacket(publish.PacketId)), cancellationToken).ConfigureAwait(false);
                }

                _iot.Log.Write("iot", $"connection {Describe()}: iot:Receive on topic/{publish.Topic} is not allowed; message dropped");
                return true;
            case SubAckPacket subAck when TakePartial(subAck.PacketId) is { } refused:
                var codes = new byte[refused.Length];
                int next = 0;
                for (int i = 0; i < refused.Length; i++)
                {
                    codes[i] = refused[i] ? SubAckPacket.FailureReturnCode : subAck.ReturnCodes[Math.Min(next++, subAck.ReturnCodes.Count - 1)];
                }

                await SendToClientAsync(MqttPacketEncoder.Encode(new SubAckPacket(subAck.PacketId, codes)), cancellationToken).ConfigureAwait(false);
                return true;
        }

        await SendToClientAsync(bytes, cancellationToken).ConfigureAwait(false);
        return true;
    }

    private bool[]? TakePartial(ushort packetId)
    {
        lock (_subscribeGate)
        {
            return _partialSubscribes.Remove(packetId, out bool[]? refused) ? refused : null;
        }
    }
}
