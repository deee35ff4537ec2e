using System.Buffers;
using FsCheck;
using FsCheck.Fluent;
using Realtime.Mqtt.Packets;

namespace Realtime.Mqtt.Tests.Packets;

/// <summary>
/// Arbitrary and mutated byte streams: the framer and decoder always terminate, throw nothing but
/// <see cref="MqttException"/> (ProtocolViolation), and allocate in proportion to the input, never to what a header claims.
/// </summary>
public sealed class MqttCodecFuzzTests
{
    private const int MaxPacketSize = 4096;

    [Fact]
    public void FramerAndDecoder_ArbitraryBytes_OnlyProtocolViolation()
    {
        Prop.ForAll(ArbMap.Default.ArbFor<byte[]>(), bytes => ConsumeStream(bytes))
            .Check(Config.QuickThrowOnFailure.WithMaxTest(2000).WithEndSize(600).WithQuietOnSuccess(true));
    }

    [Fact]
    public void FramerAndDecoder_SeededRandomStreams_OnlyProtocolViolationAndBoundedAllocation()
    {
        var random = new Random(20261122);
        for (int i = 0; i < 3000; i++)
        {
            var bytes = new byte[random.Next(1, 2048)];
            random.NextBytes(bytes);
            if (i % 2 == 0)
            {
                // Plausible first bytes reach deeper into the decoders than uniform noise does.
                bytes[0] = (byte)((random.Next(1, 15) << 4) | (random.Next(4) == 0 ? random.Next(16) : 0));
            }

            long before = GC.GetAllocatedBytesForCurrentThread();
            ConsumeStream(bytes);
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.True(allocated < (16 * bytes.Length) + (64 * 1024), $"stream {i}: {allocated} bytes allocated for {bytes.Length} input bytes");
        }
    }

    [Fact]
    public void Decoder_MutatedValidPackets_DecodeToReencodablePacketsOrThrowProtocolViolation()
    {
        var random = new Random(42);
        int decoded = 0;
        for (int i = 0; i < 5000; i++)
        {
            byte[] bytes = MqttPacketEncoder.Encode(SamplePackets.Next(random));
            if (bytes.Length > 2000)
            {
                continue;
            }

            for (int m = random.Next(1, 4); m > 0; m--)
            {
                bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
            }

            MqttPacket packet;
            try
            {
                packet = MqttPacketDecoder.Decode(bytes);
            }
            catch (MqttException error)
            {
                Assert.Equal(MqttErrorCode.ProtocolViolation, error.Code);
                continue;
            }

            // Whatever the decoder accepts, the encoder can write back, and it decodes to the same bytes again.
            byte[] reencoded = MqttPacketEncoder.Encode(packet);
            Assert.Equal(Hex.Of(reencoded), Hex.Of(MqttPacketEncoder.Encode(MqttPacketDecoder.Decode(reencoded))));
            decoded++;
        }

        Assert.True(decoded > 100, $"only {decoded} mutated packets decoded; the test is not reaching the decoders");
    }

    private static bool ConsumeStream(byte[] bytes)
    {
        var framer = new MqttPacketFramer(MaxPacketSize);
        var buffer = new ReadOnlySequence<byte>(bytes);
        try
        {
            // Terminates: each successful read consumes at least 2 bytes.
            while (framer.TryReadPacket(ref buffer, out ReadOnlySequence<byte> packet))
            {
                Assert.InRange(packet.Length, 2, MaxPacketSize);
                MqttPacketDecoder.Decode(packet);
            }
        }
        catch (MqttException error) when (error.Code == MqttErrorCode.ProtocolViolation)
        {
            // The only allowed failure.
        }

        return true;
    }
}
