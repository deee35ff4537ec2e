using Realtime.Mqtt.Packets;

namespace Realtime.Mqtt.Tests.Packets;

/// <summary>Valid packets of every type with seeded random contents, for stream and fuzz tests.</summary>
internal static class SamplePackets
{
    public static MqttPacket Next(Random random)
    {
        ushort id = (ushort)random.Next(1, 65_536);
        string topic = "t/" + random.Next(1000) + "/é";
        return random.Next(12) switch
        {
            0 => new ConnectPacket("client-" + random.Next(), random.Next(2) == 0, (ushort)random.Next(65_536),
                random.Next(2) == 0 ? new MqttWill(topic, Payload(random, 20), MqttQos.AtLeastOnce, Retain: true) : null,
                "user", new ReadOnlyMemory<byte>(Payload(random, 10))),
            1 => new ConnAckPacket(random.Next(2) == 0, MqttConnectReturnCode.Accepted),
            2 => new PublishPacket(topic, Payload(random, 300)),
            3 => new PublishPacket(topic, Payload(random, 20_000), MqttQos.AtLeastOnce, random.Next(2) == 0, random.Next(2) == 0, id),
            4 => new PubAckPacket(id),
            5 => new SubscribePacket(id, [new(topic, MqttQos.AtLeastOnce), new("t/+/#", MqttQos.AtMostOnce)]),
            6 => new SubAckPacket(id, [0x01, SubAckPacket.FailureReturnCode]),
            7 => new UnsubscribePacket(id, [topic, "#"]),
            8 => new UnsubAckPacket(id),
            9 => PingReqPacket.Instance,
            10 => PingRespPacket.Instance,
            _ => DisconnectPacket.Instance,
        };
    }

    public static List<byte[]> Encoded(Random random, int count) =>
        Enumerable.Range(0, count).Select(_ => MqttPacketEncoder.Encode(Next(random))).ToList();

    private static byte[] Payload(Random random, int maxLength)
    {
        var bytes = new byte[random.Next(maxLength + 1)];
        random.NextBytes(bytes);
        return bytes;
    }
}
