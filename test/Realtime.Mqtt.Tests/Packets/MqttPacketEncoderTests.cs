using Realtime.Mqtt.Packets;

namespace Realtime.Mqtt.Tests.Packets;

public sealed class MqttPacketEncoderTests
{
    public static TheoryData<string, MqttPacket, string> Vectors() => new()
    {
        // CONNECT, MQTT 3.1.1 section 3.1: "MQTT" level 4, clean session, keep-alive 60, client id "a".
        { "connect minimal", new ConnectPacket("a", CleanSession: true, KeepAliveSeconds: 60), "10 0D 00 04 4D 51 54 54 04 02 00 3C 00 01 61" },
        { "connect will user password", new ConnectPacket("c", CleanSession: false, KeepAliveSeconds: 10,
            new MqttWill("w", "x"u8.ToArray(), MqttQos.AtLeastOnce, Retain: true), "u", "p"u8.ToArray()),
            "10 19 00 04 4D 51 54 54 04 EC 00 0A 00 01 63 00 01 77 00 01 78 00 01 75 00 01 70" },
        { "connack accepted", new ConnAckPacket(SessionPresent: false, MqttConnectReturnCode.Accepted), "20 02 00 00" },
        { "connack session present", new ConnAckPacket(SessionPresent: true, MqttConnectReturnCode.Accepted), "20 02 01 00" },
        { "connack not authorized", new ConnAckPacket(SessionPresent: false, MqttConnectReturnCode.NotAuthorized), "20 02 00 05" },
        { "publish qos 0", new PublishPacket("a/b", "hi"u8.ToArray()), "30 07 00 03 61 2F 62 68 69" },
        { "publish qos 1 retain dup", new PublishPacket("a/b", "hi"u8.ToArray(), MqttQos.AtLeastOnce, Retain: true, Duplicate: true, PacketId: 10),
            "3B 09 00 03 61 2F 62 00 0A 68 69" },
        { "publish empty payload", new PublishPacket("t", ReadOnlyMemory<byte>.Empty, MqttQos.AtLeastOnce, PacketId: 0xFFFF), "32 05 00 01 74 FF FF" },
        { "puback", new PubAckPacket(10), "40 02 00 0A" },
        // SUBSCRIBE, section 3.8.3 example: "a/b" QoS 1 and "c/d" QoS 2; fixed-header flags 0010 [MQTT-3.8.1-1].
        { "subscribe", new SubscribePacket(10, [new("a/b", MqttQos.AtLeastOnce), new("c/d", MqttQos.ExactlyOnce)]),
            "82 0E 00 0A 00 03 61 2F 62 01 00 03 63 2F 64 02" },
        // SUBACK, section 3.9.3 example: granted QoS 0, QoS 2, failure.
        { "suback", new SubAckPacket(10, [0x00, 0x02, 0x80]), "90 05 00 0A 00 02 80" },
        { "unsubscribe", new UnsubscribePacket(10, ["a/b", "c/d"]), "A2 0C 00 0A 00 03 61 2F 62 00 03 63 2F 64" },
        { "unsuback", new UnsubAckPacket(10), "B0 02 00 0A" },
        { "pingreq", PingReqPacket.Instance, "C0 00" },
        { "pingresp", PingRespPacket.Instance, "D0 00" },
        { "disconnect", DisconnectPacket.Instance, "E0 00" },
    };

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Encode_SpecVector_ProducesExactBytes(string name, MqttPacket packet, string expected)
    {
        Assert.True(Hex.Of(Hex.Bytes(expected)) == Hex.Of(MqttPacketEncoder.Encode(packet)), name);
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Decode_SpecVector_RoundTrips(string name, MqttPacket packet, string bytes)
    {
        MqttPacket decoded = MqttPacketDecoder.Decode(Hex.Bytes(bytes));
        Assert.True(Hex.Of(MqttPacketEncoder.Encode(packet)) == Hex.Of(MqttPacketEncoder.Encode(decoded)), name);
        Assert.Equal(packet.Type, decoded.Type);
    }

    [Fact]
    public void Encode_Utf8Topic_UsesUtf8ByteLength()
    {
        // "Ä/€" is 2 + 1 + 3 = 6 UTF-8 bytes.
        byte[] bytes = MqttPacketEncoder.Encode(new PublishPacket("Ä/€", ReadOnlyMemory<byte>.Empty));
        Assert.Equal("30080006C3842FE282AC", Hex.Of(bytes));
    }

    [Theory]
    [InlineData(0, "00")]
    [InlineData(127, "7F")]
    [InlineData(128, "8001")]
    [InlineData(16_383, "FF7F")]
    [InlineData(16_384, "808001")]
    [InlineData(2_097_151, "FFFF7F")]
    [InlineData(2_097_152, "80808001")]
    [InlineData(268_435_455, "FFFFFF7F")]
    public void RemainingLength_SpecTableBoundaries_EncodeAndDecode(int value, string expected)
    {
        // Section 2.2.3, table 2.4.
        var buffer = new byte[4];
        int size = RemainingLength.SizeOf(value);
        RemainingLength.Write(buffer, value);
        Assert.Equal(expected, Hex.Of(buffer.AsSpan(0, size)));

        var reader = new System.Buffers.SequenceReader<byte>(new System.Buffers.ReadOnlySequence<byte>(buffer, 0, size));
        Assert.True(RemainingLength.TryRead(ref reader, out int decoded, out int count));
        Assert.Equal((value, size), (decoded, count));
    }

    [Fact]
    public void Encode_LargePayload_UsesThreeLengthBytesAndCopiesPayload()
    {
        byte[] payload = new byte[131_072];
        new Random(7).NextBytes(payload);
        byte[] bytes = MqttPacketEncoder.Encode(new PublishPacket("t", payload, MqttQos.AtLeastOnce, PacketId: 1));

        // Remaining length = 2 + 1 + 2 + 131072 = 131077 = 0x020005 -> 85 80 08.
        Assert.Equal("3285800800017400 01".Replace(" ", ""), Hex.Of(bytes.AsSpan(0, 9)));
        Assert.True(payload.AsSpan().SequenceEqual(bytes.AsSpan(9)));
    }

    public static TheoryData<string, MqttPacket> Unrepresentable() => new()
    {
        { "wildcard in publish topic", new PublishPacket("a/+", ReadOnlyMemory<byte>.Empty) },
        { "empty publish topic", new PublishPacket("", ReadOnlyMemory<byte>.Empty) },
        { "qos 1 without packet id", new PublishPacket("a", ReadOnlyMemory<byte>.Empty, MqttQos.AtLeastOnce) },
        { "qos 0 with packet id", new PublishPacket("a", ReadOnlyMemory<byte>.Empty, PacketId: 3) },
        { "qos 0 with dup", new PublishPacket("a", ReadOnlyMemory<byte>.Empty, Duplicate: true) },
        { "puback id 0", new PubAckPacket(0) },
        { "subscribe without filters", new SubscribePacket(1, []) },
        { "subscribe bad filter", new SubscribePacket(1, [new("a/#/b", MqttQos.AtMostOnce)]) },
        { "unsubscribe bad filter", new UnsubscribePacket(1, ["a+"]) },
        { "suback reserved code", new SubAckPacket(1, [0x03]) },
        { "password without user", new ConnectPacket("c", true, 0, Password: "p"u8.ToArray()) },
        { "client id too long", new ConnectPacket(new string('x', 65_536), true, 0) },
        { "unpaired surrogate", new PublishPacket("a\uD800", ReadOnlyMemory<byte>.Empty) },
    };

    [Theory]
    [MemberData(nameof(Unrepresentable))]
    public void Encode_UnrepresentablePacket_ThrowsArgumentExceptionAndWritesNothing(string name, MqttPacket packet)
    {
        var writer = new System.Buffers.ArrayBufferWriter<byte>();
        Assert.ThrowsAny<ArgumentException>(() => MqttPacketEncoder.Encode(packet, writer));
        Assert.True(writer.WrittenCount == 0, name);
    }

    [Fact]
    public void Encode_Utf8StringBoundary_AcceptsExactly65535Bytes()
    {
        string topic = new('t', 65_535);
        byte[] bytes = MqttPacketEncoder.Encode(new PublishPacket(topic, ReadOnlyMemory<byte>.Empty));
        var decoded = (PublishPacket)MqttPacketDecoder.Decode(bytes);
        Assert.Equal(topic, decoded.Topic);
        Assert.Throws<ArgumentException>(() => MqttPacketEncoder.Encode(new PublishPacket(topic + "t", ReadOnlyMemory<byte>.Empty)));
    }
}
