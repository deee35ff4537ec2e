using Realtime.Mqtt.Packets;

namespace Realtime.Mqtt.Tests.Packets;

public sealed class MqttPacketDecoderTests
{
    [Theory]
    [InlineData("empty", "")]
    [InlineData("remaining length longer than the bytes", "40 03 00 0A")]
    [InlineData("remaining length shorter than the bytes", "40 02 00 0A 00")]
    [InlineData("five remaining-length bytes", "30 80 80 80 80 01")]
    [InlineData("reserved type 0", "00 00")]
    [InlineData("reserved type 15", "F0 00")]
    [InlineData("pubrec (QoS 2 flow)", "50 02 00 01")]
    [InlineData("pubrel (QoS 2 flow)", "62 02 00 01")]
    [InlineData("puback flags set [MQTT-2.2.2-2]", "41 02 00 01")]
    [InlineData("subscribe flags 0000 [MQTT-3.8.1-1]", "80 06 00 01 00 01 61 00")]
    [InlineData("unsubscribe flags 0000 [MQTT-3.10.1-1]", "A0 05 00 01 00 01 61")]
    [InlineData("pingreq with a body", "C0 01 00")]
    [InlineData("puback packet id 0 [MQTT-2.3.1-1]", "40 02 00 00")]
    [InlineData("puback too short", "40 01 00")]
    [InlineData("connack reserved flags", "20 02 02 00")]
    [InlineData("connack reserved return code", "20 02 00 06")]
    [InlineData("connack session present with refusal [MQTT-3.2.2-4]", "20 02 01 05")]
    [InlineData("publish qos 3 [MQTT-3.3.1-4]", "36 05 00 01 61 00 01")]
    [InlineData("publish qos 0 dup [MQTT-3.3.1-2]", "38 03 00 01 61")]
    [InlineData("publish wildcard topic [MQTT-3.3.2-2]", "30 03 00 01 23")]
    [InlineData("publish empty topic", "30 02 00 00")]
    [InlineData("publish topic longer than packet", "30 03 00 05 61")]
    [InlineData("publish topic invalid utf-8 [MQTT-1.5.3-1]", "30 04 00 02 C3 28")]
    [InlineData("publish topic encoded surrogate [MQTT-1.5.3-1]", "30 05 00 03 ED A0 80")]
    [InlineData("publish topic U+0000 [MQTT-1.5.3-2]", "30 04 00 02 61 00")]
    [InlineData("publish qos 1 packet id 0", "32 05 00 01 61 00 00")]
    [InlineData("publish qos 1 missing packet id", "32 04 00 01 61 00")]
    [InlineData("subscribe no filters [MQTT-3.8.3-3]", "82 02 00 01")]
    [InlineData("subscribe reserved qos bits [MQTT-3.8.3-4]", "82 06 00 01 00 01 61 04")]
    [InlineData("subscribe missing qos byte", "82 05 00 01 00 01 61")]
    [InlineData("subscribe # not last [MQTT-4.7.1-2]", "82 08 00 01 00 03 23 2F 61 00")]
    [InlineData("subscribe + inside a level [MQTT-4.7.1-3]", "82 07 00 01 00 02 61 2B 00")]
    [InlineData("suback reserved code [MQTT-3.9.3-2]", "90 03 00 01 03")]
    [InlineData("suback no codes", "90 02 00 01")]
    [InlineData("unsubscribe no filters [MQTT-3.10.3-2]", "A2 02 00 01")]
    [InlineData("connect protocol 3.1 (MQIsdp)", "10 0F 00 06 4D 51 49 73 64 70 03 02 00 3C 00 01 61")]
    [InlineData("connect level 5", "10 0D 00 04 4D 51 54 54 05 02 00 3C 00 01 61")]
    [InlineData("connect reserved flag [MQTT-3.1.2-3]", "10 0D 00 04 4D 51 54 54 04 03 00 3C 00 01 61")]
    [InlineData("connect will qos without will [MQTT-3.1.2-13]", "10 0D 00 04 4D 51 54 54 04 0A 00 3C 00 01 61")]
    [InlineData("connect will retain without will [MQTT-3.1.2-15]", "10 0D 00 04 4D 51 54 54 04 22 00 3C 00 01 61")]
    [InlineData("connect will qos 3 [MQTT-3.1.2-14]", "10 13 00 04 4D 51 54 54 04 1E 00 3C 00 01 61 00 01 77 00 00")]
    [InlineData("connect password without user [MQTT-3.1.2-22]", "10 10 00 04 4D 51 54 54 04 42 00 3C 00 01 61 00 01 70")]
    [InlineData("connect missing client id", "10 0A 00 04 4D 51 54 54 04 02 00 3C")]
    [InlineData("connect trailing bytes", "10 0E 00 04 4D 51 54 54 04 02 00 3C 00 01 61 FF")]
    public void Decode_MalformedPacket_ThrowsProtocolViolation(string name, string hex)
    {
        MqttException error = Assert.Throws<MqttException>(() => MqttPacketDecoder.Decode(Hex.Bytes(hex)));
        Assert.True(error.Code == MqttErrorCode.ProtocolViolation, name);
        Assert.StartsWith("Malformed MQTT packet: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_Connect_ReadsEveryField()
    {
        var connect = (ConnectPacket)MqttPacketDecoder.Decode(
            Hex.Bytes("10 19 00 04 4D 51 54 54 04 EC 00 0A 00 01 63 00 01 77 00 01 78 00 01 75 00 01 70"));

        Assert.Equal(("c", false, (ushort)10, "u"), (connect.ClientId, connect.CleanSession, connect.KeepAliveSeconds, connect.UserName));
        Assert.Equal("p"u8.ToArray(), connect.Password!.Value.ToArray());
        Assert.Equal(("w", MqttQos.AtLeastOnce, true), (connect.Will!.Topic, connect.Will.Qos, connect.Will.Retain));
        Assert.Equal("x"u8.ToArray(), connect.Will.Payload.ToArray());
    }

    [Fact]
    public void Decode_ConnectWithEmptyClientId_IsAccepted()
    {
        // A zero-byte client id is legal on the wire [MQTT-3.1.3-6]; whether to accept it is the server's decision.
        var connect = (ConnectPacket)MqttPacketDecoder.Decode(Hex.Bytes("10 0C 00 04 4D 51 54 54 04 02 00 3C 00 00"));
        Assert.Equal(string.Empty, connect.ClientId);
    }

    [Fact]
    public void Decode_Publish_ReadsFlagsAndCopiesPayload()
    {
        byte[] bytes = Hex.Bytes("3B 09 00 03 61 2F 62 00 0A 68 69");
        var publish = (PublishPacket)MqttPacketDecoder.Decode(bytes);
        bytes[^1] = 0; // The decoded packet must not alias the receive buffer.

        Assert.Equal(("a/b", MqttQos.AtLeastOnce, true, true, (ushort)10), (publish.Topic, publish.Qos, publish.Retain, publish.Duplicate, publish.PacketId));
        Assert.Equal("hi"u8.ToArray(), publish.Payload.ToArray());
    }

    [Fact]
    public void Decode_Subscribe_ReadsFiltersInOrder()
    {
        var subscribe = (SubscribePacket)MqttPacketDecoder.Decode(Hex.Bytes("82 0E 00 0A 00 03 61 2F 62 01 00 03 63 2F 64 02"));
        Assert.Equal([new MqttSubscription("a/b", MqttQos.AtLeastOnce), new MqttSubscription("c/d", MqttQos.ExactlyOnce)], subscribe.Subscriptions);
    }

    [Fact]
    public void Decode_ConnAckRefusal_ReadsReturnCode()
    {
        var connAck = (ConnAckPacket)MqttPacketDecoder.Decode(Hex.Bytes("20 02 00 04"));
        Assert.Equal(MqttConnectReturnCode.BadUserNameOrPassword, connAck.ReturnCode);
    }

    [Theory]
    [InlineData("#", true)]
    [InlineData("+", true)]
    [InlineData("a/#", true)]
    [InlineData("+/+/#", true)]
    [InlineData("/+/", true)]
    [InlineData("a/b", true)]
    [InlineData("", false)]
    [InlineData("a#", false)]
    [InlineData("a/#/b", false)]
    [InlineData("a+/b", false)]
    [InlineData("a/b+", false)]
    [InlineData("##", false)]
    [InlineData("a\0b", false)]
    public void IsValidTopicFilter_FollowsSection4_7(string filter, bool valid)
    {
        Assert.Equal(valid, MqttTopic.IsValidTopicFilter(filter));
    }

    [Theory]
    [InlineData("a/b", true)]
    [InlineData("/", true)]
    [InlineData("", false)]
    [InlineData("a/+", false)]
    [InlineData("a/#", false)]
    [InlineData("a\0", false)]
    public void IsValidTopicName_FollowsSection4_7(string topic, bool valid)
    {
        Assert.Equal(valid, MqttTopic.IsValidTopicName(topic));
    }
}
