using System.Buffers;

namespace Realtime.Mqtt.Packets;

/// <summary>Encodes SUBSCRIBE, SUBACK and UNSUBSCRIBE (MQTT 3.1.1 sections 3.8 to 3.10).</summary>
internal static class SubscriptionEncoder
{
    public static void Encode(SubscribePacket subscribe, IBufferWriter<byte> writer)
    {
        PacketWriter.RequirePacketId(subscribe.PacketId);
        RequireAny(subscribe.Subscriptions.Count, "SUBSCRIBE", "[MQTT-3.8.3-3]");
        var lengths = new int[subscribe.Subscriptions.Count];
        long remaining = 2;
        for (int i = 0; i < lengths.Length; i++)
        {
            MqttSubscription subscription = subscribe.Subscriptions[i];
            RequireFilter(subscription.TopicFilter);
            if (subscription.Qos > MqttQos.ExactlyOnce)
            {
                throw new ArgumentException($"QoS {(int)subscription.Qos} does not exist.", nameof(subscribe));
            }

            lengths[i] = PacketWriter.Utf8Length(subscription.TopicFilter, "Topic filter");
            remaining += 2 + lengths[i] + 1;
        }

        // [MQTT-3.8.1-1]: SUBSCRIBE fixed-header flags are 0010.
        var output = new PacketWriter(writer);
        output.WriteHeader(0x82, remaining);
        output.WriteUInt16(subscribe.PacketId);
        for (int i = 0; i < lengths.Length; i++)
        {
            output.WriteString(subscribe.Subscriptions[i].TopicFilter, lengths[i]);
            output.WriteByte((byte)subscribe.Subscriptions[i].Qos);
        }
    }

    public static void Encode(SubAckPacket subAck, IBufferWriter<byte> writer)
    {
        PacketWriter.RequirePacketId(subAck.PacketId);
        RequireAny(subAck.ReturnCodes.Count, "SUBACK", "[MQTT-3.9.3-1]");
        foreach (byte code in subAck.ReturnCodes)
        {
            if (code > 2 && code != SubAckPacket.FailureReturnCode)
            {
                throw new ArgumentException($"SUBACK return code 0x{code:X2} is reserved [MQTT-3.9.3-2].", nameof(subAck));
            }
        }

        var output = new PacketWriter(writer);
        output.WriteHeader(0x90, 2L + subAck.ReturnCodes.Count);
        output.WriteUInt16(subAck.PacketId);
        foreach (byte code in subAck.ReturnCodes)
        {
            output.WriteByte(code);
        }
    }

    public static void Encode(UnsubscribePacket unsubscribe, IBufferWriter<byte> writer)
    {
        PacketWriter.RequirePacketId(unsubscribe.PacketId);
        RequireAny(unsubscribe.TopicFilters.Count, "UNSUBSCRIBE", "[MQTT-3.10.3-2]");
        var lengths = new int[unsubscribe.TopicFilters.Count];
        long remaining = 2;
        for (int i = 0; i < lengths.Length; i++)
        {
            RequireFilter(unsubscribe.TopicFilters[i]);
            lengths[i] = PacketWriter.Utf8Length(unsubscribe.TopicFilters[i], "Topic filter");
            remaining += 2 + lengths[i];
        }

        // [MQTT-3.10.1-1]: UNSUBSCRIBE fixed-header flags are 0010.
        var output = new PacketWriter(writer);
        output.WriteHeader(0xA2, remaining);
        output.WriteUInt16(unsubscribe.PacketId);
        for (int i = 0; i < lengths.Length; i++)
        {
            output.WriteString(unsubscribe.TopicFilters[i], lengths[i]);
        }
    }

    private static void RequireAny(int count, string packetName, string statement)
    {
        if (count == 0)
        {
            throw new ArgumentException($"{packetName} needs at least one entry {statement}.");
        }
    }

    private static void RequireFilter(string filter)
    {
        if (!MqttTopic.IsValidTopicFilter(filter))
        {
            throw new ArgumentException($"Topic filter '{filter}' is empty or misuses a wildcard [MQTT-4.7.1-2] [MQTT-4.7.1-3].");
        }
    }
}
