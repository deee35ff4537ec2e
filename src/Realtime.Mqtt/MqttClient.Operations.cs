using Realtime.Mqtt.Packets;

namespace Realtime.Mqtt;

/// <summary>Publish, subscribe, unsubscribe.</summary>
public sealed partial class MqttClient
{
    /// <summary>
    /// Publishes a message. QoS 0 completes once the packet is written to the WebSocket; QoS 1 completes on the broker's
    /// PUBACK, and first waits while <see cref="MqttClientOptions.MaxInFlight"/> earlier QoS 1 messages are unacknowledged.
    /// Throws <see cref="MqttException"/>: QosNotSupported (QoS 2, refused before sending), InvalidTopic,
    /// PayloadTooLarge, NotConnected, ConnectionLost. Cancelling stops the wait, not a packet already being written.
    /// </summary>
    public async Task PublishAsync(MqttMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        MqttArguments.RequireSupportedQos(message.Qos);
        MqttArguments.RequireTopicName(message.Topic);
        MqttArguments.RequirePayloadWithinLimit(message.Payload.Length, _maxPayloadBytes, message.Topic);
        ThrowIfNotConnected();
        if (message.Qos == MqttQos.AtMostOnce)
        {
            await SendPacketAsync(new PublishPacket(message.Topic, message.Payload, Retain: message.Retain), cancellationToken).ConfigureAwait(false);
            return;
        }

        // A broker drops (AWS IoT) or stalls a client that exceeds its in-flight limit: wait for a slot instead.
        await _inFlight.WaitAsync(cancellationToken).ConfigureAwait(false);
        Task<MqttPacket> acknowledged;
        try
        {
            acknowledged = await SendRequestAsync(
                MqttPacketType.PubAck,
                id => new PublishPacket(message.Topic, message.Payload, MqttQos.AtLeastOnce, message.Retain, Duplicate: false, id),
                cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            _inFlight.Release();
            throw;
        }

        // The slot mirrors the broker's: it frees when the PUBACK arrives or the connection ends (every waiter fails then),
        // not when this caller stops waiting.
        _ = acknowledged.ContinueWith(
            static (_, inFlight) => ((SemaphoreSlim)inFlight!).Release(),
            _inFlight,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
        await WaitForAcknowledgementAsync(acknowledged, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Subscribes to a topic filter and returns the QoS the broker granted. A SUBACK failure code (0x80) throws
    /// <see cref="MqttException"/> with SubscriptionRefused (AWS IoT may instead close the connection: ConnectionLost).
    /// </summary>
    public async Task<MqttQos> SubscribeAsync(string topicFilter, MqttQos qos, CancellationToken cancellationToken = default)
    {
        MqttArguments.RequireSupportedQos(qos);
        MqttArguments.RequireTopicFilter(topicFilter);
        ThrowIfNotConnected();
        var subAck = (SubAckPacket)await RequestAsync(
            MqttPacketType.SubAck,
            id => new SubscribePacket(id, [new MqttSubscription(topicFilter, qos)]),
            cancellationToken).ConfigureAwait(false);

        // [MQTT-3.9.3-1]: one return code per filter requested, here exactly one.
        if (subAck.ReturnCodes.Count != 1)
        {
            throw new MqttException(MqttErrorCode.ProtocolViolation, $"The SUBACK for '{topicFilter}' holds {subAck.ReturnCodes.Count} return codes instead of 1.");
        }

        byte code = subAck.ReturnCodes[0];
        return code == SubAckPacket.FailureReturnCode
            ? throw new MqttException(MqttErrorCode.SubscriptionRefused, $"The broker refused the subscription to '{topicFilter}' (SUBACK 0x80): check the policy or ACL that allows it.")
            : (MqttQos)code;
    }

    /// <summary>Removes a subscription; completes on UNSUBACK.</summary>
    public async Task UnsubscribeAsync(string topicFilter, CancellationToken cancellationToken = default)
    {
        MqttArguments.RequireTopicFilter(topicFilter);
        ThrowIfNotConnected();
        await RequestAsync(MqttPacketType.UnsubAck, id => new UnsubscribePacket(id, [topicFilter]), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Registers the waiter first, then sends, then waits: no acknowledgement can arrive before its waiter.</summary>
    private async Task<MqttPacket> RequestAsync(MqttPacketType acknowledgement, Func<ushort, MqttPacket> create, CancellationToken cancellationToken)
    {
        Task<MqttPacket> acknowledged = await SendRequestAsync(acknowledgement, create, cancellationToken).ConfigureAwait(false);
        return await WaitForAcknowledgementAsync(acknowledged, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Takes a packet id and registers its waiter, then sends; returns the acknowledgement to wait for.</summary>
    private async Task<Task<MqttPacket>> SendRequestAsync(MqttPacketType acknowledgement, Func<ushort, MqttPacket> create, CancellationToken cancellationToken)
    {
        (ushort id, Task<MqttPacket> acknowledged) = _pending.Register(acknowledgement);
        try
        {
            await SendPacketAsync(create(id), cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            _pending.Cancel(id); // Never sent (or the connection is gone): the id is free again.
            throw;
        }

        return acknowledged;
    }

    private static async Task<MqttPacket> WaitForAcknowledgementAsync(Task<MqttPacket> acknowledged, CancellationToken cancellationToken)
    {
        try
        {
            return await acknowledged.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The id stays taken until the acknowledgement arrives (see PendingRequests). Nobody awaits the waiter any
            // more: observe its eventual ConnectionLost so it does not surface as an unobserved task exception.
            _ = acknowledged.ContinueWith(
                static task => _ = task.Exception,
                CancellationToken.None,
                TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
            throw;
        }
    }

    private void ThrowIfNotConnected()
    {
        if (!IsConnected)
        {
            throw NotConnected();
        }
    }
}
